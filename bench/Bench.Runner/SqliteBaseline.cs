using System.Diagnostics;
using Dapper;
using Intranet.Blog;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bench.Runner;

/// B2: what SQLite itself allows on this machine, with the app's pragmas: single-row inserts, each its own
/// transaction, and the "20 newest posts" query through Dapper on the scale database.
public static class SqliteBaseline
{
    public static async Task<double> InsertRateAsync(string directory, TimeSpan duration)
    {
        Directory.CreateDirectory(directory);
        var db = Connections(new IntranetOptions { DataDirectory = directory, DatabaseFile = "b2.db" });
        File.Delete(db.DatabasePath);
        await using (var setup = await db.OpenToMigrateAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL)");
        }

        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await using var scope = await db.BeginWriteAsync();
            await scope.Connection.ExecuteAsync("INSERT INTO t (author_id, body, created_at) VALUES (@a, @b, @c)",
                new { a = 1, b = "Kurzes Update aus unserem Team: die Inventur ist abgeschlossen.", c = DateTimeOffset.UtcNow }, scope.Transaction);
            await scope.CommitAsync();
            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    public static async Task<double> NewestPostsRateAsync(string dataDirectory, TimeSpan duration)
    {
        var db = Connections(new IntranetOptions { DataDirectory = dataDirectory });
        var posts = new PostStore(TimeProvider.System);
        await using var connection = await db.OpenAsync();
        var count = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var page = await posts.PageAsync(connection, new FeedFilter(), long.MaxValue, 20, CancellationToken.None);
            if (page.Count == 0)
            {
                throw new InvalidOperationException("The scale database has no posts");
            }

            count++;
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static SqliteDatabase Connections(IntranetOptions settings)
    {
        var options = Options.Create(settings);
        return new SqliteDatabase(options, new ReadOnlyMode(options, TimeProvider.System, NullLogger<ReadOnlyMode>.Instance), TimeProvider.System);
    }
}
