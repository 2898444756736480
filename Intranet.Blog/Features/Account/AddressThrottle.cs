using System.Collections.Concurrent;
using Intranet.Blog.Infrastructure.Nodes;

namespace Intranet.Blog.Features.Account;

/// Failed sign-ins per network address: one address guessing at many accounts is stopped here, while the
/// per-account lock in SignInService stops many addresses guessing at one account. Counted in this process, or with
/// several nodes in Redis (SharedLimits), so each node does not allow its own 30; while Redis cannot be reached, each
/// node counts its own again. name keeps two throttles apart.
public sealed class AddressThrottle(string name, TimeProvider clock, SharedLimits? shared = null)
{
    public const int MaxFailures = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new();

    public async Task<bool> IsBlockedAsync(string address)
    {
        if (shared is not null)
        {
            try
            {
                return await shared.CountSoFarAsync(Key(address)) >= MaxFailures;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Counted here meanwhile.
            }
        }

        return _failures.TryGetValue(address, out var entry) && entry.Failures >= MaxFailures && clock.GetUtcNow() - entry.Since < Window;
    }

    public async Task FailedAsync(string address)
    {
        if (shared is not null)
        {
            try
            {
                await shared.CountAsync(Key(address), Window);
                return;
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Counted here meanwhile.
            }
        }

        var now = clock.GetUtcNow();
        _failures.AddOrUpdate(address, (1, now), (_, e) => now - e.Since >= Window ? (1, now) : (e.Failures + 1, e.Since));
        if (_failures.Count > 10_000)
        {
            foreach (var (key, entry) in _failures.Where(e => now - e.Value.Since >= Window).ToList())
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private string Key(string address) => name + ":" + address;
}
