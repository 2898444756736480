using Intranet.Blog.Features.Account;

namespace Intranet.Blog.Tests.Unit.Account;

public sealed class AddressThrottleTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public async Task An_address_is_blocked_after_too_many_failures_within_the_window()
    {
        var throttle = new AddressThrottle("test", new Clock(DateTimeOffset.UnixEpoch));
        for (var i = 0; i < AddressThrottle.MaxFailures; i++)
        {
            Assert.That(await throttle.IsBlockedAsync("10.0.0.1"), Is.False, $"after {i} failures");
            await throttle.FailedAsync("10.0.0.1");
        }

        Assert.That(await throttle.IsBlockedAsync("10.0.0.1"), Is.True);
        Assert.That(await throttle.IsBlockedAsync("10.0.0.2"), Is.False, "other addresses are not affected");
    }

    [Test]
    public async Task The_block_ends_when_the_window_has_passed()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch);
        var throttle = new AddressThrottle("test", clock);
        for (var i = 0; i < AddressThrottle.MaxFailures; i++)
        {
            await throttle.FailedAsync("10.0.0.1");
        }

        clock.Now += AddressThrottle.Window;

        Assert.That(await throttle.IsBlockedAsync("10.0.0.1"), Is.False);
    }
}
