using System.Net;
using Dapper;
using Intranet.Blog.Features.Backup;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Trust;

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
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                committed.Enqueue((await TestData.MicroAsync(client, $"Während der Sicherung {n}"), clock.Elapsed));
                writing.TrySetResult();
            }
        }, ct);

        await writing.Task.WaitAsync(ct);
        var started = clock.Elapsed;
        await App.Service<BackupService>().CreateFileAsync(archive, ct);
        var finished = clock.Elapsed;
        await stop.CancelAsync();
        await writer;

        var during = committed.Where(c => c.At > started && c.At < finished).Select(c => c.Id).ToList();
        Assert.That(during, Is.Not.Empty, "posts were committed while the backup ran");
        var restored = Path.Combine(Path.GetTempPath(), $"intranet-blog-restore-{Guid.NewGuid():N}");
        try
        {
            Assert.That(await RestoreIntoAsync(archive, restored), Is.Null);

            await using var db = new SqliteConnection($"Data Source={Path.Combine(restored, "intranet.db")};Pooling=False");
            await db.OpenAsync(ct);
            Assert.That(await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
            var restoredPosts = (await db.QueryAsync<(long, string)>("SELECT id, body_md FROM posts ORDER BY id")).ToList();
            await using var live = new SqliteConnection($"Data Source={App.DatabasePath};Pooling=False");
            await live.OpenAsync(ct);
            var livePosts = (await live.QueryAsync<(long, string)>("SELECT id, body_md FROM posts WHERE id <= @max ORDER BY id", new { max = restoredPosts[^1].Item1 })).ToList();
            Assert.That(restoredPosts, Is.EqualTo(livePosts), "the backup is one consistent moment of the live database");
            Assert.That(during.Except(restoredPosts.Select(p => p.Item1)), Is.Not.Empty, "some writes during the backup came after its snapshot");
            Assert.That(Directory.GetFiles(Path.Combine(restored, "keys")), Is.Not.Empty, "data-protection keys travel with the backup");
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
        var target = Path.Combine(Path.GetTempPath(), $"intranet-blog-restore-{Guid.NewGuid():N}");
        try
        {
            Assert.That(await RestoreIntoAsync(bogus, target), Is.Not.Null);
        }
        finally
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
        }
    }

    [Test]
    public async Task Admins_download_a_backup_and_staff_cannot()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Infrastructure.Auth.Roles.Admin));
        var staff = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var download = await admin.GetAsync("/admin/backup");
        var refused = await staff.GetAsync("/admin/backup");

        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(download.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/zip"));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Redirect));
    }

    /// Old posts with long bodies, so that the snapshot and the archive take long enough for writes to overlap them.
    private async Task GrowDatabaseAsync(int megabytes)
    {
        const string GrowSql = """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO posts (author_id, kind, title, body_md, body_html, excerpt, created_at)
            SELECT (SELECT MIN(id) FROM users), 'micro', NULL, hex(randomblob(4096)), '', '', 0 FROM n
            """;
        await using var scope = await App.Service<Infrastructure.Db.SqliteConnectionFactory>().BeginWriteAsync();
        await scope.Connection.ExecuteAsync(GrowSql, new { count = megabytes * 128 }, scope.Transaction);
        await scope.CommitAsync();
    }

    /// The restore command as the CLI runs it, against another (stopped) data directory.
    private static async Task<string?> RestoreIntoAsync(string archive, string directory)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Intranet.Blog.dll"), "restore", archive, "--Intranet:DataDirectory=" + directory, "--environment", "Testing"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? null : output + await process.StandardError.ReadToEndAsync();
    }
}
