using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intranet.Blog.Tests.Unit.Db;

/// The global Influencer role retires: the migration makes its holders influencers of their own department.
public sealed class InfluencerRoleMigrationTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"intranet-blog-influencers-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_directory, "migrations"));
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task People_with_the_influencer_role_become_influencers_of_their_department_and_keep_the_role_staff()
    {
        var files = Directory.GetFiles(AppLayout.SqliteMigrations).Order(StringComparer.Ordinal).ToList();
        var cut = files.FindIndex(f => f.EndsWith("_department_influencers.sql", StringComparison.Ordinal));
        foreach (var file in files.Take(cut))
        {
            File.Copy(file, Path.Combine(_directory, "migrations", Path.GetFileName(file)));
        }

        var connections = Support.Connections.For(_directory);
        await Migrate(connections);
        await using (var connection = await connections.OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO departments (id, name, created_at) VALUES (7, 'IT', 0);
                INSERT INTO users (id, email, display_name, department_id, role, security_stamp, created_at)
                VALUES (1, 'a@x.example', 'A', 7, 'Influencer', 's', 0),
                       (2, 'b@x.example', 'B', NULL, 'Influencer', 's', 0),
                       (3, 'c@x.example', 'C', 7, 'Staff', 's', 0);
                """);
        }

        foreach (var file in files.Skip(cut))
        {
            File.Copy(file, Path.Combine(_directory, "migrations", Path.GetFileName(file)));
        }

        await Migrate(connections);

        await using var check = await connections.OpenAsync();
        Assert.That(await check.QueryAsync<(long, long)>("SELECT department_id, user_id FROM department_influencers"), Is.EqualTo(new[] { (7L, 1L) }));
        Assert.That(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE role = 'Influencer'"), Is.Zero);
        Assert.That(await check.ExecuteScalarAsync<string>("SELECT action || ' ' || target FROM audit_log"), Is.EqualTo("influencer.appointed department:7"));
    }

    private Task Migrate(Database connections) =>
        new Migrator(connections, new MigrationFiles(Path.Combine(_directory, "migrations")), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
}
