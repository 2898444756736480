using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// `migrate-to-postgres` run as an operator runs it, on the demo organisation, into a real PostgreSQL database.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class MoveToPostgresTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private string _data = null!;

    [SetUp]
    public async Task CopyDemo()
    {
        _data = Directory.CreateTempSubdirectory("intranet-move-").FullName;
        await DemoTemplate.CopyToAsync(_data);
    }

    [TearDown]
    public void DeleteData()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task The_demo_moves_whole_and_its_ids_go_on_after_the_highest()
    {
        var target = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using (var sqlite = Sqlite())
        {
            // An event whose row is gone (the events are kept for a while): its id is never given again, on either engine.
            await sqlite.ExecuteAsync("""
                INSERT INTO events (kind, target_id, created_at) VALUES ('post', 1, 0), ('post', 2, 0);
                DELETE FROM events WHERE id = (SELECT MAX(id) FROM events);
                """);
        }

        var (exit, output, errors) = await MoveAsync(target);

        Assert.That(exit, Is.Zero, output + errors);
        Assert.That(output, Does.Contain("every table has the same rows and checksum on both sides"));
        Assert.That(output, Does.Not.Contain("DIFFERENT"));
        await using var sqliteAfter = Sqlite();
        await using var postgres = new NpgsqlConnection(target);
        foreach (var table in (string[])["users", "posts", "comments", "reactions", "departments", "notifications", "events"])
        {
            var rows = await sqliteAfter.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
            Assert.That(rows, Is.GreaterThan(0), table);
            Assert.That(await postgres.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"), Is.EqualTo(rows), table);
            Assert.That(output, Does.Contain($"  {table}: {rows} rows, the same on both sides"));
        }

        var keyFiles = Directory.GetFiles(Path.Combine(_data, "keys"), "*.xml");
        Assert.That(keyFiles, Is.Not.Empty, "the demo's data directory has its key");
        Assert.That(output, Does.Contain($"Copied {keyFiles.Length} sign-in keys"));
        Assert.That(await postgres.QueryAsync<string>("SELECT name FROM postgres_data_protection_keys ORDER BY name"),
            Is.EqualTo(keyFiles.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)), "the keys, by the names the key manager gave them");
        Assert.That(await postgres.QueryAsync<string>("SELECT name || ':' || people_count FROM departments ORDER BY id"),
            Is.EqualTo(await sqliteAfter.QueryAsync<string>("SELECT name || ':' || people_count FROM departments ORDER BY id")), "the counts were copied, not counted again");
        var nextPost = await postgres.ExecuteScalarAsync<long>(
            "INSERT INTO posts (author_id, kind, body_md, body_html, created_at) VALUES (1, 'micro', 'x', '<p>x</p>', 0) RETURNING id");
        Assert.That(nextPost, Is.EqualTo(await sqliteAfter.ExecuteScalarAsync<long>("SELECT MAX(id) FROM posts") + 1));
        var nextEvent = await postgres.ExecuteScalarAsync<long>("INSERT INTO events (kind, target_id, created_at) VALUES ('x', 1, 0) RETURNING id");
        Assert.That(nextEvent, Is.EqualTo(await sqliteAfter.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'events'") + 1));
    }

    [Test]
    public async Task A_database_that_holds_data_is_refused_and_left_alone()
    {
        var target = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        Assert.That((await MoveAsync(target)).ExitCode, Is.Zero);
        await using var postgres = new NpgsqlConnection(target);
        var posts = await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts");

        var (exit, output, errors) = await MoveAsync(target);

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(errors, Does.Contain("already holds data").And.Contain("nothing was changed"));
        Assert.That(await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts"), Is.EqualTo(posts));
    }

    /// SQLite keeps whatever it is given; PostgreSQL does not. A text where a number belongs stops the move with the
    /// place named, and the one transaction leaves the target empty.
    [Test]
    public async Task A_value_PostgreSQL_cannot_take_stops_the_move_with_its_place_and_moves_nothing()
    {
        var target = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using (var sqlite = Sqlite())
        {
            await sqlite.ExecuteAsync("UPDATE posts SET comment_count = 'viele' WHERE id = (SELECT MAX(id) FROM posts)");
        }

        var (exit, output, errors) = await MoveAsync(target);

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(errors, Does.Contain("posts.comment_count holds the text 'viele'").And.Contain("nothing was moved"));
        await using var postgres = new NpgsqlConnection(target);
        Assert.That(await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users"), Is.Zero);
    }

    [Test]
    public async Task Without_a_usable_connection_string_or_while_the_app_runs_it_says_what_to_do()
    {
        var (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, "migrate-to-postgres", $"--Intranet:DataDirectory={_data}");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("Set Intranet:Postgres:ConnectionString"));

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, "migrate-to-postgres", $"--Intranet:DataDirectory={_data}", "--Intranet:Postgres:ConnectionString=Server room 3");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("is not a connection string PostgreSQL's client understands"));

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, "migrate-to-postgres", $"--Intranet:DataDirectory={_data}",
            $"--Intranet:Postgres:ConnectionString=Host=127.0.0.1;Port={AppProcess.FreePort()};Username=nobody;Timeout=3");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("Cannot connect to PostgreSQL with Intranet:Postgres:ConnectionString"));

        var target = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using var app = await AppProcess.StartAsync(_data);
        (exit, _, errors) = await MoveAsync(target);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(errors, Does.Contain("Another Intranet.Blog process is using"));
    }

    private Task<(int ExitCode, string Output, string Errors)> MoveAsync(string target) =>
        AppProcess.RunToEndAsync(Patience, "migrate-to-postgres", $"--Intranet:DataDirectory={_data}", $"--Intranet:Postgres:ConnectionString={target}");

    private SqliteConnection Sqlite() => new($"Data Source={Path.Combine(_data, "intranet.db")};Pooling=false");
}
