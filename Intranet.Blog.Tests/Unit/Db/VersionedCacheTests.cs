using System.Runtime.CompilerServices;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Unit.Db;

/// A cached read is answered from memory until the next write commits, and what a write made stale is let go: a
/// feed page kept under every ?before= a person sends would otherwise stay in memory until the capacity is reached.
public sealed class VersionedCacheTests
{
    private string _directory = null!;
    private SqliteDatabase _connections = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _directory = Directory.CreateTempSubdirectory("intranet-blog-cache-").FullName;
        _connections = Connections.For(_directory);
        await using var connection = await _connections.OpenToMigrateAsync();
        await connection.ExecuteAsync("CREATE TABLE log (id INTEGER PRIMARY KEY)");
    }

    [TearDown]
    public void DeleteDirectory()
    {
        _connections.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WriteAsync()
    {
        await using var scope = await _connections.BeginWriteAsync();
        await scope.Connection.ExecuteAsync("INSERT INTO log DEFAULT VALUES", transaction: scope.Transaction);
        await scope.CommitAsync();
    }

    [Test]
    public async Task A_value_is_read_again_only_after_a_write()
    {
        var cache = new VersionedCache<int, object>(_connections);
        var reads = 0;
        Task<object> Read(CancellationToken _) => Task.FromResult<object>(++reads);

        await cache.GetAsync(1, Read, default);
        await cache.GetAsync(1, Read, default);
        Assert.That(reads, Is.EqualTo(1));

        await WriteAsync();
        await cache.GetAsync(1, Read, default);
        Assert.That(reads, Is.EqualTo(2));
    }

    [Test]
    public async Task A_write_outside_the_writer_gate_makes_values_stale_too_but_the_heartbeat_does_not()
    {
        var cache = new VersionedCache<int, object>(_connections);
        var reads = 0;
        Task<object> Read(CancellationToken _) => Task.FromResult<object>(++reads);
        await cache.GetAsync(1, Read, default);

        // A write on a plain pooled connection (a test's SQL, a mistake) is caught by the commit hook.
        await using (var connection = await _connections.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO log DEFAULT VALUES");
        }

        await cache.GetAsync(1, Read, default);
        Assert.That(reads, Is.EqualTo(2));

        // The heartbeat's probe writes every few seconds under a polling load balancer and changes nothing a page reads.
        await using (var probe = await _connections.BeginProbeAsync())
        {
            await probe.Connection.ExecuteAsync("INSERT INTO log DEFAULT VALUES", transaction: probe.Transaction);
            await probe.CommitAsync();
        }

        await cache.GetAsync(1, Read, default);
        Assert.That(reads, Is.EqualTo(2));

        // And a normal write after it still counts (the quiet flag did not stay set on the thread).
        await WriteAsync();
        await cache.GetAsync(1, Read, default);
        Assert.That(reads, Is.EqualTo(3));
    }

    [Test]
    public async Task A_value_a_write_made_stale_is_not_kept_alive()
    {
        var cache = new VersionedCache<int, object>(_connections);
        var stale = await KeepAsync(cache, 1);

        await WriteAsync();
        await cache.GetAsync(2, _ => Task.FromResult(new object()), default);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(stale.IsAlive, Is.False);
    }

    [Test]
    public async Task No_more_values_than_the_capacity_are_kept()
    {
        var cache = new VersionedCache<int, object>(_connections, capacity: 2);
        var first = await KeepAsync(cache, 1);
        await KeepAsync(cache, 2);
        await KeepAsync(cache, 3);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(first.IsAlive, Is.False);
    }

    // Not inlined, so no local of the test holds the value.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> KeepAsync(VersionedCache<int, object> cache, int key) =>
        new(await cache.GetAsync(key, _ => Task.FromResult(new object()), default));
}
