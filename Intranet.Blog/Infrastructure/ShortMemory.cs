using System.Collections.Concurrent;

namespace Intranet.Blog.Infrastructure;

/// A value remembered for a while by key, for work whose answer a key always gives the same way (a cookie's ticket, a
/// cookie's antiforgery token), bounded so that someone minting keys cannot grow it without end.
public sealed class ShortMemory<TKey, TValue>(TimeSpan lifetime, int capacity, TimeProvider clock) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Stored)> _values = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_values.TryGetValue(key, out var stored) && clock.GetUtcNow() - stored.Stored < lifetime)
        {
            value = stored.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Remember(TKey key, TValue value)
    {
        var now = clock.GetUtcNow();
        if (_values.Count >= capacity)
        {
            // Expired entries go first; only a capacity of live ones (one person minting cookies) empties it.
            foreach (var old in _values.Where(e => now - e.Value.Stored >= lifetime).Select(e => e.Key).ToList())
            {
                _values.TryRemove(old, out _);
            }

            if (_values.Count >= capacity)
            {
                _values.Clear();
            }
        }

        _values[key] = (value, now);
    }
}
