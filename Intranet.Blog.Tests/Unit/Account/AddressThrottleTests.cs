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
    public void An_address_is_blocked_after_too_many_failures_within_the_window()
    {
        var throttle = new AddressThrottle(new Clock(DateTimeOffset.UnixEpoch));
        for (var i = 0; i < AddressThrottle.MaxFailures; i++)
        {
            Assert.That(throttle.IsBlocked("10.0.0.1"), Is.False, $"after {i} failures");
            throttle.Failed("10.0.0.1");
        }

        Assert.That(throttle.IsBlocked("10.0.0.1"), Is.True);
        Assert.That(throttle.IsBlocked("10.0.0.2"), Is.False, "other addresses are not affected");
    }

    [Test]
    public void The_block_ends_when_the_window_has_passed()
    {
        var clock = new Clock(DateTimeOffset.UnixEpoch);
        var throttle = new AddressThrottle(clock);
        for (var i = 0; i < AddressThrottle.MaxFailures; i++)
        {
            throttle.Failed("10.0.0.1");
        }

        clock.Now += AddressThrottle.Window;

        Assert.That(throttle.IsBlocked("10.0.0.1"), Is.False);
    }
}
