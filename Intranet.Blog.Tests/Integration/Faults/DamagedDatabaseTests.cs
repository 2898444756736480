using System.Net;
using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intranet.Blog.Tests.Integration.Faults;

/// A damaged database is found when the app starts, not by the first reader, and the refusal names the way out.
[Category(TestEngine.SqliteOnly)]
[Category("Faults")]
public sealed class DamagedDatabaseTests
{
    private const string Nightly = "intranet-20260301-020000.zip";
    private string _data = null!;

    [SetUp]
    public async Task DamageADatabase()
    {
        _data = Directory.CreateTempSubdirectory("intranet-blog-damaged-").FullName;
        var connections = Connections.For(_data);
        await new Migrator(connections, new MigrationFiles(AppLayout.SqliteMigrations), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
        await using (var connection = await connections.OpenAsync())
        {
            // Rows enough to fill pages at the end of the file, written last; then everything into the main file.
            await connection.ExecuteAsync("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO filler (text) VALUES (@text)", Enumerable.Range(0, 100).Select(i => new { text = new string((char)('a' + (i % 26)), 2000) }));
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        SqliteConnection.ClearAllPools();
        // Garbage over the headers of the last pages: the kind of damage a failing disk or a torn copy leaves.
        await using (var file = new FileStream(Path.Combine(_data, "intranet.db"), FileMode.Open, FileAccess.ReadWrite))
        {
            for (var page = file.Length / 4096 - 3; page < file.Length / 4096; page++)
            {
                file.Position = page * 4096;
                await file.WriteAsync(Enumerable.Repeat((byte)0xA5, 64).ToArray());
            }
        }

        Directory.CreateDirectory(Path.Combine(_data, "backups"));
        await File.WriteAllTextAsync(Path.Combine(_data, "backups", "intranet-20260228-020000.zip"), "older");
        await File.WriteAllTextAsync(Path.Combine(_data, "backups", Nightly), "newest");
    }

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Test]
    public async Task The_app_refuses_to_start_and_names_the_restore_of_the_last_nightly_backup_with_its_date()
    {
        // A generous start-up budget: on a loaded machine even this small file's check can take longer than 100 ms.
        var (exitCode, output, errors) = await AppProcess.RunToEndAsync(TimeSpan.FromMinutes(2),
            "--urls", $"http://127.0.0.1:{AppProcess.FreePort()}", "--Intranet:DataDirectory=" + _data, "--Intranet:SeedDemo=false",
            "--Intranet:Backup:Nightly=false", "--Intranet:Storage:StartCheckMilliseconds=30000");

        Assert.That(exitCode, Is.EqualTo(1), output + errors);
        Assert.That(errors.Trim(), Does.StartWith($"The database {Path.Combine(_data, "intranet.db")} is damaged (")
            .And.EndWith($"Restore the last nightly backup, made 2026-03-01 02:00 UTC: `dotnet Intranet.Blog.dll restore {Path.Combine(_data, "backups", Nightly)}`."));
        Assert.That(errors.Trim(), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task A_database_too_large_to_check_during_the_start_is_checked_right_after_and_writing_stops()
    {
        // A start-up budget of 0 leaves the whole check to the background, as a large file's would be.
        await using var app = await AppProcess.StartAsync(_data, "--Intranet:SeedDemo=false", "--Intranet:Backup:Nightly=false", "--Intranet:Storage:StartCheckMilliseconds=0");
        using var http = new HttpClient { BaseAddress = app.Address };

        HttpResponseMessage ready;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((ready = await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("is damaged").And.Contain(Nightly));
        Assert.That((await http.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "alive: reading goes on");
        Assert.That(app.Log, Does.Contain("Read-only mode: Damaged"));
    }

    [Test]
    public async Task The_check_command_runs_the_full_check_and_names_the_way_out_and_a_sound_database_passes()
    {
        var damaged = await AppProcess.RunToEndAsync(TimeSpan.FromMinutes(2), "check", "--Intranet:DataDirectory=" + _data);

        Assert.That(damaged.ExitCode, Is.EqualTo(1), damaged.Output + damaged.Errors);
        Assert.That(damaged.Errors.Trim(), Does.StartWith($"The database {Path.Combine(_data, "intranet.db")} is damaged (")
            .And.EndWith($"`dotnet Intranet.Blog.dll restore {Path.Combine(_data, "backups", Nightly)}`.").And.Not.Contain("\n"));

        var sound = Directory.CreateTempSubdirectory("intranet-blog-sound-").FullName;
        try
        {
            await new Migrator(Connections.For(sound), new MigrationFiles(AppLayout.SqliteMigrations), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
            var result = await AppProcess.RunToEndAsync(TimeSpan.FromMinutes(2), "check", "--Intranet:DataDirectory=" + sound);
            Assert.That((result.ExitCode, result.Output.Trim()), Is.EqualTo((0, $"The database {Path.Combine(sound, "intranet.db")} is sound (integrity_check found nothing).")), result.Errors);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(sound, recursive: true);
        }
    }
}
