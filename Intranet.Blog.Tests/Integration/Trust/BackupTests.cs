using System.IO.Compression;
using System.Net;
using Dapper;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Trust;

[Category(TestEngine.SqliteOnly)]
public sealed class BackupTests : AppFixture
{
    [Test, CancelAfter(180_000)]
    public async Task A_backup_made_under_write_load_restores_into_a_fresh_directory_and_matches(CancellationToken ct)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        await TestData.MicroAsync(client, "Vor der Sicherung");
        await GrowDatabaseAsync(megabytes: 24);
        var archive = Path.Combine(App.DataDirectory, "under-load.zip");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var committed = new System.Collections.Concurrent.ConcurrentQueue<(long Id, TimeSpan At)>();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        // Three writers, so a fast backup still overlaps commits; each appends what it committed and when.
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                committed.Enqueue((await TestData.MicroAsync(client, $"Während der Sicherung {w}-{n}"), clock.Elapsed));
                writing.TrySetResult();
            }
        }, ct)).ToList();

        await writing.Task.WaitAsync(ct);
        // A backup on a fast machine can finish between two commits; then it is simply made again, still under load.
        List<long> during = [];
        for (var attempt = 0; attempt < 5 && during.Count == 0; attempt++)
        {
            var started = clock.Elapsed;
            await App.Service<BackupService>().CreateFileAsync(archive, includeKeys: true, ct);
            var finished = clock.Elapsed;
            during = committed.Where(c => c.At > started && c.At < finished).Select(c => c.Id).ToList();
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.That(during, Is.Not.Empty, "posts were committed while the backup ran");
        var restored = Path.Combine(Path.GetTempPath(), $"intranet-blog-restore-{Guid.NewGuid():N}");
        try
        {
            Assert.That(await RestoreIntoAsync(archive, restored), Does.Contain("people stay signed in"));

            await using var db = new SqliteConnection($"Data Source={Path.Combine(restored, "intranet.db")};Pooling=False");
            await db.OpenAsync(ct);
            Assert.That(await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            // The search index (its checks read the rows through the app's text functions) equals a rebuild from the rows.
            SqliteSearchFunctions.Register(db.Handle!);
            Assert.That(await Fts5.MatchesRowsAsync(db, ct), Is.True, "the search index matches its rows");
            var restoredPosts = (await db.QueryAsync<(long, string)>("SELECT id, body_md FROM posts ORDER BY id")).ToList();
            await using var live = new SqliteConnection($"Data Source={App.DatabasePath};Pooling=False");
            await live.OpenAsync(ct);
            var livePosts = (await live.QueryAsync<(long, string)>("SELECT id, body_md FROM posts WHERE id <= @max ORDER BY id", new { max = restoredPosts[^1].Item1 })).ToList();
            Assert.That(restoredPosts, Is.EqualTo(livePosts), "the backup is one consistent moment of the live database");
            Assert.That(during.Except(restoredPosts.Select(p => p.Item1)), Is.Not.Empty, "some writes during the backup came after its snapshot");
            Assert.That(Directory.GetFiles(Path.Combine(restored, "keys")), Is.Not.Empty, "keys asked for travel with the backup");
            Assert.That(File.Exists(Path.Combine(restored, "intranet.db-wal")), Is.False, "no stale write-ahead log");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(restored))
            {
                Directory.Delete(restored, recursive: true);
            }
        }
    }

    [Test]
    public async Task Restore_refuses_a_file_that_is_not_a_backup()
    {
        var bogus = Path.Combine(App.DataDirectory, "not-a-backup.zip");
        await File.WriteAllTextAsync(bogus, "hello");
        var target = NewDirectory();
        try
        {
            Assert.That(async () => await RestoreIntoAsync(bogus, target), Throws.TypeOf<AssertionException>().With.Message.Contains("nothing was changed"));
        }
        finally
        {
            Delete(target);
        }
    }

    [Test]
    public async Task Admins_download_a_backup_with_a_button_and_staff_cannot()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Infrastructure.Auth.Roles.Admin));
        var staff = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(admin, "/admin/backup");
        var download = await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup", []);
        var refused = await TestData.PostFormAsync(staff, "/", "/admin/backup", []);

        Assert.That(page.QuerySelector("form[method=post][action='/admin/backup'] button"), Is.Not.Null);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/zip"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    /// Whoever holds the data-protection keys can forge a sign-in cookie for any account.
    [Test]
    public async Task A_downloaded_backup_holds_no_sign_in_keys()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Infrastructure.Auth.Roles.Admin));
        Assert.That(Directory.GetFiles(Path.Combine(App.DataDirectory, "keys")), Is.Not.Empty, "the app has keys to leave out");

        var download = await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup", []);

        using var zip = new ZipArchive(await download.Content.ReadAsStreamAsync());
        Assert.That(zip.Entries.Select(e => e.FullName), Has.Member(BackupService.DatabaseEntry).And.None.StartsWith("keys"));
    }

    [Test]
    public async Task The_command_line_writes_keys_only_when_asked_and_a_restore_without_them_says_everyone_signs_in_again()
    {
        var plain = Path.Combine(App.DataDirectory, $"plain-{Guid.NewGuid():N}.zip");
        var withKeys = Path.Combine(App.DataDirectory, $"keys-{Guid.NewGuid():N}.zip");
        await RunAsync("backup", plain, "--Intranet:DataDirectory=" + App.DataDirectory);
        await RunAsync("backup", withKeys, "--include-keys", "--Intranet:DataDirectory=" + App.DataDirectory);
        var target = NewDirectory();
        try
        {
            using (var zip = ZipFile.OpenRead(plain))
            {
                Assert.That(zip.Entries.Select(e => e.FullName), Has.None.StartsWith("keys"));
            }

            using (var zip = ZipFile.OpenRead(withKeys))
            {
                Assert.That(zip.Entries.Select(e => e.FullName), Has.Some.Match("^keys/key-[0-9a-f-]+\\.xml$"));
            }

            var output = await RestoreIntoAsync(plain, target);

            Assert.That(output, Does.Contain("everyone signs in again").And.Contain("stop working"));
            Assert.That(Directory.Exists(Path.Combine(target, "keys")), Is.False, "a fresh key ring is made at the next start");
        }
        finally
        {
            Delete(target);
        }
    }

    [TestCase("../escaped.txt")]
    [TestCase("keys/../../escaped.txt")]
    [TestCase("uploads/sub/0123456789abcdef0123456789abcdef.png")]
    [TestCase("/etc/escaped.txt")]
    [TestCase("something-else.txt")]
    [TestCase("intranet.db")]
    public async Task A_hostile_archive_is_refused_before_anything_on_disk_changes(string hostileEntry)
    {
        var target = NewDirectory();
        var archive = Path.Combine(App.DataDirectory, $"hostile-{Guid.NewGuid():N}.zip");
        try
        {
            // A real, current installation in target, and a real backup with one hostile entry added at the end.
            await RunAsync("backup", archive, "--Intranet:DataDirectory=" + App.DataDirectory);
            using (var zip = ZipFile.Open(archive, ZipArchiveMode.Update))
            {
                await using var writer = new StreamWriter(zip.CreateEntry(hostileEntry).Open());
                await writer.WriteAsync("hostile");
            }

            Directory.CreateDirectory(Path.Combine(target, "uploads"));
            await File.WriteAllTextAsync(Path.Combine(target, "intranet.db"), "the current database");
            await File.WriteAllTextAsync(Path.Combine(target, "uploads", "0123456789abcdef0123456789abcdef.png"), "a current upload");
            var before = Snapshot(Path.GetDirectoryName(target)!, target);

            Assert.That(async () => await RestoreIntoAsync(archive, target), Throws.TypeOf<AssertionException>().With.Message.Contains("nothing was changed"));

            Assert.That(Snapshot(Path.GetDirectoryName(target)!, target), Is.EqualTo(before), "no file was added, moved or changed");
        }
        finally
        {
            Delete(target);
        }
    }

    [Test]
    public async Task A_backup_from_a_newer_app_is_refused_before_anything_on_disk_changes()
    {
        var target = NewDirectory();
        var archive = Path.Combine(App.DataDirectory, $"newer-{Guid.NewGuid():N}.zip");
        var database = Path.Combine(App.DataDirectory, $"newer-{Guid.NewGuid():N}.db");
        try
        {
            await using (var connection = await App.Service<Infrastructure.Db.Database>().OpenAsync())
            {
                await connection.ExecuteAsync("VACUUM INTO @database", new { database });
            }

            await using (var copy = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await copy.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");
            }

            using (var zip = ZipFile.Open(archive, ZipArchiveMode.Create))
            {
                await zip.CreateEntryFromFileAsync(database, BackupService.DatabaseEntry);
            }

            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, "intranet.db"), "the current database");
            var before = Snapshot(Path.GetDirectoryName(target)!, target);

            Assert.That(async () => await RestoreIntoAsync(archive, target), Throws.TypeOf<AssertionException>().With.Message.Contains("newer than this app knows"));

            Assert.That(Snapshot(Path.GetDirectoryName(target)!, target), Is.EqualTo(before));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Delete(target);
        }
    }

    /// Every file under the directory with its content, and what sits beside the directory with its name.
    private static List<string> Snapshot(string parent, string directory) =>
        [.. Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => f + "=" + File.ReadAllText(f)),
         .. Directory.GetFileSystemEntries(parent, Path.GetFileName(directory) + "*").Order(StringComparer.Ordinal),
         .. File.Exists(Path.Combine(parent, "escaped.txt")) ? ["escaped!"] : Array.Empty<string>()];

    /// Old posts with long bodies, so that the snapshot and the archive take long enough for writes to overlap them.
    private async Task GrowDatabaseAsync(int megabytes)
    {
        const string GrowSql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO posts (author_id, kind, title, body_md, body_html, excerpt, created_at)
            SELECT (SELECT MIN(id) FROM users), 'micro', NULL, hex(randomblob(4096)), '', '', 0 FROM n
            """;
        await using var scope = await App.Service<Infrastructure.Db.Database>().BeginWriteAsync();
        await scope.Connection.ExecuteAsync(GrowSql, new { count = megabytes * 128 }, scope.Transaction);
        await scope.CommitAsync();
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), $"intranet-blog-restore-{Guid.NewGuid():N}");

    private static void Delete(string directory)
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// The restore command as the CLI runs it, against another (stopped) data directory; its output when it succeeds.
    private static Task<string> RestoreIntoAsync(string archive, string directory) =>
        RunAsync("restore", archive, "--Intranet:DataDirectory=" + directory);

    private static async Task<string> RunAsync(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Intranet.Blog.dll") }.Concat(args).Concat(["--environment", "Testing"]))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new AssertionException($"{string.Join(' ', args)} exited with {process.ExitCode}: {output}{error}");
    }
}
