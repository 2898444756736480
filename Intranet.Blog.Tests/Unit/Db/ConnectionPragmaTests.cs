using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Unit.Db;

/// The pragmas are set once per native connection; every connection the pool hands out again must still have them.
public sealed class ConnectionPragmaTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("intranet-blog-pragma-").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Pooled_connections_keep_foreign_keys_busy_timeout_and_full_sync_on_every_open()
    {
        var connections = Connections.For(_directory);
        var seen = new List<(long ForeignKeys, long BusyTimeout, long Synchronous)>();
        await (await connections.OpenToMigrateAsync()).DisposeAsync();

        for (var i = 0; i < 3; i++)
        {
            // Two at once, so the pool holds more than one native connection, then both go back to it.
            await using var a = await connections.OpenAsync();
            await using var b = await connections.OpenAsync();
            foreach (var connection in new[] { a, b })
            {
                seen.Add((await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"),
                    await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"),
                    await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")));
            }
        }

        Assert.That(seen, Has.Count.EqualTo(6));
        Assert.That(seen, Is.All.EqualTo((1L, 10_000L, 2L)));
    }
}
