using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// The PostgreSQL scripts applied by the same migrator as SQLite's, on a real server.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class PostgresMigrationTests
{
    [Test]
    public async Task An_empty_database_gets_every_script_and_a_second_run_applies_nothing()
    {
        var files = new MigrationFiles(AppLayout.PostgresMigrations).All();
        var connectionString = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using var connection = await ScratchDatabase.OpenAsync(connectionString);

        Assert.That(await ScratchDatabase.MigrateAsync(connection), Is.EqualTo(files.Count));
        var before = await SnapshotAsync(connection);
        Assert.That(await ScratchDatabase.MigrateAsync(connection), Is.Zero);

        Assert.That(await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"), Is.EqualTo(files.Select(f => f.Version)));
        Assert.That(await SnapshotAsync(connection), Is.EqualTo(before));
    }

    [Test]
    public async Task Nodes_starting_together_apply_each_script_once()
    {
        var connectionString = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ScratchDatabase.OpenAsync(connectionString)));

        var applied = await Task.WhenAll(connections.Select(c => ScratchDatabase.MigrateAsync(c)));

        Assert.That(applied.Sum(), Is.EqualTo(new MigrationFiles(AppLayout.PostgresMigrations).All().Count), "each script applied by one node only");
        Assert.That(applied.Count(a => a == 0), Is.EqualTo(3));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Test]
    public async Task A_failing_script_leaves_the_database_as_it_was()
    {
        var directory = Directory.CreateTempSubdirectory("intranet-postgres-migrations-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(AppLayout.PostgresMigrations))
            {
                File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
            }

            var connectionString = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
            await using var connection = await ScratchDatabase.OpenAsync(connectionString);
            await ScratchDatabase.MigrateAsync(connection, directory);
            var before = await SnapshotAsync(connection);
            var next = new MigrationFiles(directory).All()[^1].Version + 1;
            // The first statement succeeds, the second fails: PostgreSQL's DDL is transactional, the table goes too.
            await File.WriteAllTextAsync(Path.Combine(directory, $"{next:D4}_broken.sql"),
                "CREATE TABLE half_done (id bigint PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\n");

            Assert.ThrowsAsync<PostgresException>(() => ScratchDatabase.MigrateAsync(connection, directory));

            Assert.That(await SnapshotAsync(connection), Is.EqualTo(before));
            // The lock went with the failure: the next start is not held up by it.
            Assert.That(await ScratchDatabase.MigrateAsync(connection), Is.Zero);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task A_database_newer_than_the_scripts_is_refused_with_a_clear_message()
    {
        await using var connection = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());
        await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");

        var exception = Assert.ThrowsAsync<StartRefusedException>(() => ScratchDatabase.MigrateAsync(connection));

        Assert.That(exception!.Message, Does.Contain("schema version 9999, newer than this app knows").And.Contain(connection.Database));
    }

    private static async Task<List<string>> SnapshotAsync(NpgsqlConnection connection) =>
    [
        .. await Schemas.DescribeAsync(connection),
        .. await connection.QueryAsync<string>("SELECT version || ' ' || name || ' ' || applied_at FROM schema_migrations ORDER BY version"),
    ];
}
