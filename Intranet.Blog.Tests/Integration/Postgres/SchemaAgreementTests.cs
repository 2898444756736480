using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// Both engines' scripts build one schema: the same tables, columns (type, null, default, who assigns the id),
/// keys, foreign keys, checks, indexes and triggers, read back from each engine's catalogue. Search is the one
/// engine-specific part (Schemas.EngineSpecific).
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class SchemaAgreementTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("intranet-schema-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Both_engines_build_the_same_schema()
    {
        var sqlite = await SqliteSchemaAsync();
        await using var postgres = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());

        var postgresSchema = await Schemas.DescribeAsync(postgres);

        Assert.Multiple(() =>
        {
            Assert.That(sqlite.Except(postgresSchema), Is.Empty, "in SQLite's schema only");
            Assert.That(postgresSchema.Except(sqlite), Is.Empty, "in PostgreSQL's schema only");
        });
        // What the comparison covers, so that it cannot pass by reading nothing.
        Assert.That(sqlite.Count(l => l.StartsWith("table ", StringComparison.Ordinal)), Is.GreaterThan(55));
        Assert.That(sqlite, Does.Contain("column users.email text nocase not null"));
        Assert.That(sqlite, Does.Contain("column posts.id integer not null assigned"));
        Assert.That(sqlite, Does.Contain("column heartbeat.id integer not null"));
        Assert.That(sqlite, Does.Contain("foreign key notification_actors (notification_id) references notifications (id) on delete cascade"));
        Assert.That(sqlite, Does.Contain("index createuniqueindexux_reactions_target_user_kindonreactionspost_id,coalescecomment_id,0,user_id,kind"));
        Assert.That(sqlite, Does.Contain("trigger tr_users_count_update"));
    }

    [TestCase("ALTER TABLE users ADD COLUMN nickname text", "column users.nickname text")]
    [TestCase("ALTER TABLE users ALTER COLUMN bio DROP NOT NULL", "column users.bio text default ''")]
    [TestCase("DROP INDEX ix_posts_guides", null)]
    [TestCase("ALTER TABLE reports DROP CONSTRAINT reports_reason_check", null)]
    [TestCase("ALTER TABLE draft_coauthors DROP CONSTRAINT draft_coauthors_draft_id_fkey; ALTER TABLE draft_coauthors ADD FOREIGN KEY (draft_id) REFERENCES drafts (id)", "foreign key draft_coauthors (draft_id) references drafts (id) on delete no action")]
    public async Task A_difference_between_the_engines_is_seen(string change, string? onlyInPostgres)
    {
        var sqlite = await SqliteSchemaAsync();
        await using var postgres = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());
        await postgres.ExecuteAsync(change);

        var postgresSchema = await Schemas.DescribeAsync(postgres);

        Assert.That(postgresSchema, Is.Not.EquivalentTo(sqlite));
        if (onlyInPostgres is not null)
        {
            Assert.That(postgresSchema.Except(sqlite), Does.Contain(onlyInPostgres));
        }
    }

    /// The triggers that keep departments.people_count, driven by the same SQL text on both engines.
    [Test]
    public async Task People_counts_follow_the_same_changes_on_both_engines()
    {
        var sqliteConnections = Connections.For(_directory);
        await new Migrator(sqliteConnections, new MigrationFiles(AppLayout.SqliteMigrations), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
        await using var sqlite = await sqliteConnections.OpenAsync();
        await using var postgres = await ScratchDatabase.OpenAsync(await ScratchDatabase.MigratedAsync());

        string[] changes =
        [
            "INSERT INTO departments (name, created_at) VALUES ('Vertrieb', 0), ('Einkauf', 0)",
            """
            INSERT INTO users (email, display_name, department_id, is_active, security_stamp, created_at)
            VALUES ('a@example.test', 'A', 1, 1, 's', 0), ('b@example.test', 'B', 1, 1, 's', 0),
                   ('c@example.test', 'C', 2, 0, 's', 0), ('d@example.test', 'D', NULL, 1, 's', 0)
            """,
            "UPDATE users SET department_id = 2 WHERE email = 'b@example.test'",
            "UPDATE users SET is_active = 1 WHERE email = 'c@example.test'",
            "UPDATE users SET department_id = 1 WHERE email = 'd@example.test'",
            "UPDATE users SET is_active = 0, department_id = 2 WHERE email = 'A@EXAMPLE.TEST'",
            "UPDATE users SET title = 'Leitung' WHERE email = 'c@example.test'",
            "DELETE FROM users WHERE email = 'b@example.test'",
        ];
        var counts = new List<string>();
        foreach (var change in changes)
        {
            await sqlite.ExecuteAsync(change);
            await postgres.ExecuteAsync(change);
            const string Counts = "SELECT name || ':' || people_count FROM departments ORDER BY id";
            var sqliteCounts = string.Join(" ", await sqlite.QueryAsync<string>(Counts));
            Assert.That(string.Join(" ", await postgres.QueryAsync<string>(Counts)), Is.EqualTo(sqliteCounts), change);
            counts.Add(sqliteCounts);
        }

        Assert.That(counts, Is.EqualTo(new[]
        {
            "Vertrieb:0 Einkauf:0", "Vertrieb:2 Einkauf:0", "Vertrieb:1 Einkauf:1", "Vertrieb:1 Einkauf:2", "Vertrieb:2 Einkauf:2",
            "Vertrieb:1 Einkauf:2", "Vertrieb:1 Einkauf:2", "Vertrieb:1 Einkauf:1",
        }));
    }

    private async Task<SortedSet<string>> SqliteSchemaAsync()
    {
        var connections = Connections.For(Path.Combine(_directory, "sqlite"));
        await new Migrator(connections, new MigrationFiles(AppLayout.SqliteMigrations), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
        await using var connection = await connections.OpenAsync();
        return await Schemas.DescribeAsync(connection);
    }
}
