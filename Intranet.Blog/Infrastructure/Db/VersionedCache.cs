using System.Collections.Concurrent;

namespace Intranet.Blog.Infrastructure.Db;

/// What pages ask the database again and again (the session check, the bell's count, a feed page's posts and counts)
/// kept until the next write commits, anywhere in the app. A value is stored under the version read before it was
/// read, so a read that overlapped a commit is read again at the next look; one write makes every value stale, which
/// costs one read each and needs no knowledge of which write touches what. A value that also depends on the time (a
/// pin that ends, an announcement that stops waiting) is given a maximum age.
/// The values of one version live in one generation, dropped whole when a newer version's first value is stored: a
/// stale value is never read again, and kept it would hold its memory until the capacity is reached (feed pages under
/// every ?before= a signed-in person cares to send). The capacity bounds one version's values.
public sealed class VersionedCache<TKey, TValue>(Database db, TimeProvider? clock = null, TimeSpan? maxAge = null, int capacity = 100_000)
    where TKey : notnull
{
    private sealed class Generation(long version)
    {
        public long Version { get; } = version;
        public ConcurrentDictionary<TKey, (DateTimeOffset At, TValue Value)> Entries { get; } = new();
    }

    private Generation _current = new(-1);

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> read, CancellationToken ct)
    {
        var version = db.Version;
        var now = clock?.GetUtcNow() ?? default;
        var generation = Volatile.Read(ref _current);
        if (generation.Version == version && generation.Entries.TryGetValue(key, out var entry)
            && (maxAge is not { } age || (now - entry.At < age && now >= entry.At)))
        {
            return entry.Value;
        }

        var value = await read(ct);
        if (generation.Version != version)
        {
            // The first value of a newer version starts its generation; a value read before a newer generation began
            // may be stale and is not kept.
            if (generation.Version < version)
            {
                Interlocked.CompareExchange(ref _current, new Generation(version), generation);
            }

            generation = Volatile.Read(ref _current);
            if (generation.Version != version)
            {
                return value;
            }
        }

        if (generation.Entries.Count >= capacity)
        {
            generation.Entries.Clear();
        }

        generation.Entries[key] = (now, value);
        return value;
    }
}
