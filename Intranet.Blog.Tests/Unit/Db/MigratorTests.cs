using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Db;

/// Runs the real migration files against throw-away SQLite files, one directory per test.
public sealed partial class MigratorTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), $"intranet-blog-migrations-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex FileName();

    [Test]
    public void Migration_files_have_contiguous_unique_four_digit_versions()
    {
        var names = Directory.GetFiles(AppLayout.SqliteMigrations).Select(Path.GetFileName).ToList();

        Assert.That(names, Has.All.Matches(FileName()));
        var versions = names.Select(n => int.Parse(FileName().Match(n!).Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.That(versions, Is.EqualTo(Enumerable.Range(1, versions.Count)));
    }

    /// PostgreSQL's scripts begin with the whole schema at SQLite's 0048; from there both engines take every number.
    [Test]
    public void Each_engine_has_a_script_for_every_number_from_where_its_folder_begins()
    {
        var sqlite = new MigrationFiles(AppLayout.SqliteMigrations).All().Select(m => m.Version).ToList();
        var postgres = new MigrationFiles(AppLayout.PostgresMigrations).All().Select(m => m.Version).ToList();

        Assert.That(Directory.GetFiles(AppLayout.PostgresMigrations).Select(Path.GetFileName), Has.All.Matches(FileName()));
        Assert.That(postgres, Is.Not.Empty);
        Assert.That(postgres, Is.EqualTo(sqlite.Where(v => v >= postgres[0])));
    }

    [Test]
    public async Task An_empty_database_gets_every_migration()
    {
        var files = new MigrationFiles(AppLayout.SqliteMigrations);

        var applied = await MigratorFor(files).MigrateAsync();

        Assert.That(applied, Is.EqualTo(files.All().Count));
        Assert.That(await VersionsAsync(), Is.EqualTo(files.All().Select(m => m.Version)));
    }

    [Test]
    public async Task A_second_run_applies_nothing_and_changes_nothing()
    {
        var files = new MigrationFiles(AppLayout.SqliteMigrations);
        await MigratorFor(files).MigrateAsync();
        var before = await SnapshotAsync();

        var applied = await MigratorFor(files).MigrateAsync();

        Assert.That(applied, Is.Zero);
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_database_newer_than_the_files_is_refused_with_a_clear_message()
    {
        var files = new MigrationFiles(AppLayout.SqliteMigrations);
        await MigratorFor(files).MigrateAsync();
        await ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");

        var exception = Assert.ThrowsAsync<StartRefusedException>(() => MigratorFor(files).MigrateAsync());

        Assert.That(exception!.Message, Does.Contain("schema version 9999, newer than this app knows"));
    }

    [Test]
    public async Task A_failing_migration_leaves_the_database_as_it_was()
    {
        var temporary = Path.Combine(_directory, "migrations");
        Directory.CreateDirectory(temporary);
        foreach (var file in Directory.GetFiles(AppLayout.SqliteMigrations))
        {
            File.Copy(file, Path.Combine(temporary, Path.GetFileName(file)));
        }

        await MigratorFor(new MigrationFiles(temporary)).MigrateAsync();
        var before = await SnapshotAsync();
        var next = new MigrationFiles(AppLayout.SqliteMigrations).All()[^1].Version + 1;
        // The first statement succeeds, the second fails: the whole file must roll back, table included.
        await File.WriteAllTextAsync(Path.Combine(temporary, $"{next:D4}_broken.sql"),
            "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\n");

        Assert.ThrowsAsync<SqliteException>(() => MigratorFor(new MigrationFiles(temporary)).MigrateAsync());

        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
    }

    private Migrator MigratorFor(MigrationFiles files) =>
        new(Connections(), files, TimeProvider.System, NullLogger<Migrator>.Instance, []);

    private Database Connections() => Support.Connections.For(_directory);

    private async Task<List<long>> VersionsAsync()
    {
        await using var connection = await Connections().OpenAsync();
        return (await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).AsList();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Connections().OpenAsync();
        await connection.ExecuteAsync(sql);
    }

    /// The whole schema as SQLite stores it, plus every schema_migrations row.
    private async Task<List<string>> SnapshotAsync()
    {
        await using var connection = await Connections().OpenAsync();
        var schema = await connection.QueryAsync<string>(
            "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || IFNULL(sql, '') FROM sqlite_master ORDER BY type, name");
        var rows = await connection.QueryAsync<string>(
            "SELECT version || ' ' || name || ' ' || applied_at FROM schema_migrations ORDER BY version");
        return [.. schema, .. rows];
    }
}
