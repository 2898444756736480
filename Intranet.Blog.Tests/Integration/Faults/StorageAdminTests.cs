using System.Net;
using Dapper;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Intranet.Blog.Tests.Integration.Faults;

/// What admins see of the storage before it fails: the figures beside the last backup, a warning on every admin page
/// and in the log below the free-space threshold, and the full integrity check on demand.
[Category(TestEngine.SqliteOnly)]
[Category("Faults")]
public sealed class StorageAdminTests
{
    [Test]
    public async Task Below_the_free_space_threshold_every_admin_page_and_the_log_warn_and_the_backup_page_shows_the_figures()
    {
        var logs = new CapturedLogs();
        // Every disk has less than all of itself free: the percentage threshold is crossed wherever the test runs.
        await using var app = new BlogAppFactory(services: s => s.AddSingleton<ILoggerProvider>(logs),
            settings: new Dictionary<string, string> { ["Intranet:Storage:WarnFreeMegabytes"] = "0", ["Intranet:Storage:WarnFreePercent"] = "100" });
        var admin = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app, Roles.Admin));
        var night = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
        await app.Service<BackupRunStore>().RecordAsync(new BackupRun { StartedAt = night, FinishedAt = night, File = "intranet-20260301-020000.zip", Bytes = 3 * 1048576 }, CancellationToken.None);

        var backup = await TestData.GetPageAsync(admin, "/admin/backup");
        var people = await TestData.GetPageAsync(admin, "/admin/people");

        Assert.That(backup.QuerySelector("[data-storage-low]")?.TextContent, Does.StartWith("Der Speicherplatz wird knapp: noch "));
        Assert.That(people.QuerySelector("[data-storage-low]"), Is.Not.Null, "on every admin page");
        Assert.That(backup.QuerySelector("[data-figure=database]")?.TextContent, Does.Match(@"^[0-9]+(,[0-9])? (KB|MB|GB)$"));
        Assert.That(backup.QuerySelector("[data-figure=wal]")?.TextContent, Does.Match(@" (KB|MB|GB)$"));
        Assert.That(backup.QuerySelector("[data-figure=free]")?.TextContent, Does.Match(@"^[0-9,]+ (KB|MB|GB) von [0-9,]+ (KB|MB|GB)$"));
        Assert.That(backup.QuerySelector("[data-figure=backup]")?.TextContent, Is.EqualTo("3 MB"));
        Assert.That(logs.Text, Does.Contain("Warning").And.Contain($"Free space is running low on the disk of {app.DataDirectory}"));
    }

    [Test]
    public async Task With_enough_free_space_nothing_warns()
    {
        var logs = new CapturedLogs();
        await using var app = new BlogAppFactory(services: s => s.AddSingleton<ILoggerProvider>(logs),
            settings: new Dictionary<string, string> { ["Intranet:Storage:WarnFreeMegabytes"] = "0", ["Intranet:Storage:WarnFreePercent"] = "0" });
        var admin = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app, Roles.Admin));

        var backup = await TestData.GetPageAsync(admin, "/admin/backup");

        Assert.That(backup.QuerySelector("[data-storage-low]"), Is.Null);
        Assert.That(backup.QuerySelector("[data-figure=backup]")?.TextContent, Is.EqualTo("–"), "no backup yet");
        Assert.That(logs.Text, Does.Not.Contain("Free space is running low"));
    }

    [Test]
    public async Task An_admin_runs_the_full_check_a_sound_database_passes_and_damage_found_stops_writing()
    {
        await using var app = new BlogAppFactory();
        var admin = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app, Roles.Admin));

        var sound = await TestData.ParseAsync(await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup/check", []));

        Assert.That(sound.QuerySelector("[data-check-outcome]")?.GetAttribute("data-check-outcome"), Is.EqualTo("sound"));
        Assert.That(app.Service<ReadOnlyMode>().Current, Is.Null);

        await DamageTheEndOfTheFileAsync(app);
        var damaged = await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup/check", []);
        var page = await TestData.ParseAsync(damaged);

        Assert.That(damaged.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.QuerySelector("[data-check-outcome=damaged]")?.TextContent, Does.Contain($"The database {app.DatabasePath} is damaged ("));
        Assert.That(app.Service<ReadOnlyMode>().Current?.Fault, Is.EqualTo(StorageFault.Damaged));
        Assert.That((await admin.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
    }

    [Test]
    public async Task Staff_cannot_run_the_check()
    {
        await using var app = new BlogAppFactory();
        var staff = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app));

        var refused = await TestData.PostFormAsync(staff, "/", "/admin/backup/check", []);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// Rows written last fill the last pages of the file; once checkpointed, garbage over their headers is the damage
    /// a failing disk leaves, in pages nothing else of the running app reads.
    private static async Task DamageTheEndOfTheFileAsync(BlogAppFactory app)
    {
        await using (var scope = await app.Service<Database>().BeginWriteAsync())
        {
            await scope.Connection.ExecuteAsync("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)", transaction: scope.Transaction);
            await scope.Connection.ExecuteAsync("INSERT INTO filler (text) VALUES (@text)",
                Enumerable.Range(0, 100).Select(i => new { text = new string((char)('a' + (i % 26)), 2000) }), scope.Transaction);
            await scope.CommitAsync();
        }

        await using (var connection = await app.Service<Database>().OpenAsync())
        {
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        await using var file = new FileStream(app.DatabasePath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        for (var page = file.Length / 4096 - 3; page < file.Length / 4096; page++)
        {
            file.Position = page * 4096;
            await file.WriteAsync(Enumerable.Repeat((byte)0xA5, 64).ToArray());
        }

        await file.FlushAsync();
    }
}
