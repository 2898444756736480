using System.Collections.Concurrent;

namespace Intranet.Blog.Infrastructure.Db;

/// What every page asks the database again and again (the session check, the bell's count, whether the guidelines
/// wait) kept until the next write commits, anywhere in the app. A value is stored under the version read before it
/// was read, so a read that overlapped a commit is read again at the next look; one write makes every value stale,
/// which costs one read each and needs no knowledge of which write touches what.
public sealed class VersionedCache<TKey, TValue>(SqliteConnectionFactory db, int capacity = 100_000) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (long Version, TValue Value)> _entries = new();

    public async Task<TValue> GetAsync(TKey key, Func<CancellationToken, Task<TValue>> read, CancellationToken ct)
    {
        var version = db.Version;
        if (_entries.TryGetValue(key, out var entry) && entry.Version == version)
        {
            return entry.Value;
        }

        var value = await read(ct);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        _entries[key] = (version, value);
        return value;
    }
}
