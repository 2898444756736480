using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Intranet.Blog.Tests.Integration.Trust;

/// The nightly backup's own loop, driven by a fake clock, against a backup folder nobody may write to.
[Category(TestEngine.SqliteOnly)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NightlyBackupTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 1, 59, 0, TimeSpan.Zero));
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() =>
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock), settings: new Dictionary<string, string> { ["Intranet:Backup:Hour"] = "2" });

    /// After the start: a data directory with a backups folder is one that has held an installation.
    private void MakeBackupsUnwritable()
    {
        var backups = Path.Combine(_app.DataDirectory, "backups");
        if (Environment.IsPrivilegedProcess)
        {
            // root writes anywhere it has permission bits for; sysfs refuses new files even to root (EACCES).
            Assert.That(Directory.Exists("/sys/kernel"), Is.True, "sysfs is mounted");
            Directory.CreateSymbolicLink(backups, "/sys/kernel");
        }
        else
        {
            Directory.CreateDirectory(backups);
            File.SetUnixFileMode(backups, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        var backups = Path.Combine(_app.DataDirectory, "backups");
        if (new DirectoryInfo(backups).LinkTarget is not null)
        {
            Directory.Delete(backups);
        }
        else if (Directory.Exists(backups))
        {
            File.SetUnixFileMode(backups, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await _app.DisposeAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task A_failing_nightly_backup_is_logged_shown_to_admins_and_tried_again_while_the_app_keeps_serving(CancellationToken ct)
    {
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        MakeBackupsUnwritable();

        _clock.Advance(TimeSpan.FromMinutes(2));
        await WaitForRunsAsync(1, ct);

        Assert.That(_app.Service<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, Is.False, "the host keeps running");
        Assert.That((await admin.GetAsync("/healthz", ct)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var error = await TestData.ScalarAsync<string>(_app, "SELECT error FROM backup_runs ORDER BY id DESC LIMIT 1");
        Assert.That(error, Does.StartWith(nameof(UnauthorizedAccessException)));
        var page = await TestData.GetPageAsync(admin, "/admin/backup");
        Assert.That(page.QuerySelector("[data-backup-outcome=failed]")?.TextContent, Does.Contain(nameof(UnauthorizedAccessException)));

        _clock.Advance(TimeSpan.FromDays(1));
        await WaitForRunsAsync(2, ct);
    }

    private async Task WaitForRunsAsync(long count, CancellationToken ct)
    {
        while (await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM backup_runs") < count)
        {
            await Task.Delay(50, ct);
        }
    }
}

/// Intranet:Backup:Directory (a folder several nodes share): the archives go there, and a missing folder, a share
/// that failed to mount, is a failed backup shown to the admins, never archives quietly made on one node's own disk.
[Category(TestEngine.SqliteOnly)]
public sealed class NightlyBackupFolderTests
{
    private readonly TempDirectories _directories = new();
    private BlogAppFactory _app = null!;
    private string _folder = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _folder = _directories.New("intranet-blog-backups", create: true);
        _app = new BlogAppFactory(settings: new Dictionary<string, string> { ["Intranet:Backup:Nightly"] = "false", ["Intranet:Backup:Directory"] = _folder });
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        _directories.DeleteAll();
    }

    [Test, CancelAfter(60_000)]
    public async Task The_nightly_archive_goes_into_the_configured_folder_which_it_never_makes(CancellationToken ct)
    {
        var nightly = _app.Service<Blog.Features.Backup.NightlyBackup>();
        var written = await nightly.RunOnceAsync(ct);
        Assert.That(written.Error, Is.Null);
        Assert.That(Directory.GetFiles(_folder).Select(Path.GetFileName), Is.EqualTo(new[] { written.File }));
        Assert.That(Directory.Exists(Path.Combine(_app.DataDirectory, "backups")), Is.False, "nothing in the data directory");

        Directory.Delete(_folder, recursive: true);
        var failed = await nightly.RunOnceAsync(ct);
        Assert.That(failed.Error, Does.Contain(_folder).And.Contain("Intranet:Backup:Directory"));
        Assert.That(Directory.Exists(_folder), Is.False, "not made on this node's disk");
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        var page = await TestData.GetPageAsync(admin, "/admin/backup");
        Assert.That(page.QuerySelector("[data-backup-outcome=failed]")?.TextContent, Does.Contain("Intranet:Backup:Directory"));
    }
}
