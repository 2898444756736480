using System.Collections.Concurrent;

namespace Intranet.Blog.Infrastructure.Db;

/// What pages ask the database again and again (the session check, the bell's count, a feed page's posts and counts)
/// kept until the next write commits, anywhere in the app. A value is stored under the version read before it was
/// read, so a read that overlapped a commit is read again at the next look; one write makes every value stale, which
/// costs one read each and needs no knowledge of which write touches what. A value that also depends on the time (a
/// pin that ends, an announcement that stops waiting) is given a maximum age.
public sealed class VersionedCache<TKey, TValue>(SqliteConnectionFactory db, TimeProvider? clock = null, TimeSpan? maxAge = null) where TKey : notnull
{
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<TKey, (long Version, DateTimeOffset At, TValue Value)> _entries = new();

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> read, CancellationToken ct)
    {
        var version = db.Version;
        var now = clock?.GetUtcNow() ?? default;
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version && (maxAge is not { } age || (now - entry.At < age && now >= entry.At)))
        {
            return entry.Value;
        }

        var value = await read(ct);
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (version, now, value);
        return value;
    }
}
