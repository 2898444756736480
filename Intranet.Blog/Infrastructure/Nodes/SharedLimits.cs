using StackExchange.Redis;

namespace Intranet.Blog.Infrastructure.Nodes;

/// Several nodes: the limits counted per person or per network address are counted in Redis, so N nodes do not allow
/// N times as much. Time is Redis's own (TIME in the scripts), the one clock all nodes agree on.
public sealed class SharedLimits(SharedRedis redis)
{
    // A token bucket as a "generic cell rate": the key holds the moment (ms) the bucket would be full again. A request
    // fits while that moment is at most a full bucket's worth of time ahead; each takes one interval's worth.
    // Returns 0 when taken, else the milliseconds until one fits. (Milliseconds: Lua's numbers print 14 digits.)
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local interval = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2]) * interval
        local full = tonumber(redis.call('GET', KEYS[1]) or now)
        if full < now then full = now end
        if full + interval - now > burst then return full + interval - now - burst end
        redis.call('SET', KEYS[1], full + interval, 'PX', full + interval - now)
        return 0
        """;

    // Counts one more in a window that starts with the key's first count.
    private const string CountScript = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    /// Takes one of perMinute (as many at once allowed): null when taken, else how long until one is free.
    public async Task<TimeSpan?> TakeAsync(string key, int perMinute)
    {
        var interval = Math.Max(1, 60_000 / Math.Max(1, perMinute));
        var wait = (long)await (await DatabaseAsync()).ScriptEvaluateAsync(TakeScript, [SharedRedis.Key("limit:" + key)], [interval, perMinute]);
        return wait == 0 ? null : TimeSpan.FromMilliseconds(wait);
    }

    /// One more in key's window (which starts with its first count); returns the count so far.
    public async Task<long> CountAsync(string key, TimeSpan window) =>
        (long)await (await DatabaseAsync()).ScriptEvaluateAsync(CountScript, [SharedRedis.Key("count:" + key)], [(long)window.TotalMilliseconds]);

    /// The count in key's window so far (0 once the window is over).
    public async Task<long> CountSoFarAsync(string key) => (long?)await (await DatabaseAsync()).StringGetAsync(SharedRedis.Key("count:" + key)) ?? 0;

    /// True for the first ask within the window, false for every other ask until it is over.
    public async Task<bool> FirstWithinAsync(string key, TimeSpan window) =>
        await (await DatabaseAsync()).StringSetAsync(SharedRedis.Key("once:" + key), 1, window, When.NotExists);

    private Task<IDatabase> DatabaseAsync() => redis.DatabaseAsync();
}
