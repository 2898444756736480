using System.Collections.Concurrent;

namespace Intranet.Blog.Features.Account;

/// Failed sign-ins per network address: one address guessing at many accounts is stopped here, while the
/// per-account lock in SignInService stops many addresses guessing at one account.
public sealed class AddressThrottle(TimeProvider clock)
{
    public const int MaxFailures = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new();

    public bool IsBlocked(string address) =>
        _failures.TryGetValue(address, out var entry) && entry.Failures >= MaxFailures && clock.GetUtcNow() - entry.Since < Window;

    public void Failed(string address)
    {
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
}
