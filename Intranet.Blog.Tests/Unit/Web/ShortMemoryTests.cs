using Intranet.Blog.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Intranet.Blog.Tests.Unit.Web;

public sealed class ShortMemoryTests
{
    [Test]
    public void A_value_is_given_back_for_its_lifetime_and_not_after()
    {
        var clock = new FakeTimeProvider();
        var memory = new ShortMemory<string, int>(TimeSpan.FromMinutes(10), 100, clock);
        memory.Remember("cookie", 7);

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.That(memory.TryGet("cookie", out var value), Is.True);
        Assert.That(value, Is.EqualTo(7));

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(memory.TryGet("cookie", out _), Is.False);
        Assert.That(memory.TryGet("another", out _), Is.False);
    }

    [Test]
    public void At_capacity_expired_values_go_first_and_live_ones_stay()
    {
        var clock = new FakeTimeProvider();
        var memory = new ShortMemory<int, int>(TimeSpan.FromMinutes(10), 4, clock);
        memory.Remember(1, 1);
        memory.Remember(2, 2);
        clock.Advance(TimeSpan.FromMinutes(11));
        memory.Remember(3, 3);
        memory.Remember(4, 4);

        memory.Remember(5, 5);

        Assert.That(memory.TryGet(3, out _) && memory.TryGet(4, out _) && memory.TryGet(5, out _), Is.True, "live values kept");
    }

    [Test]
    public void A_capacity_of_live_values_empties_it_so_minted_keys_cannot_grow_it()
    {
        var clock = new FakeTimeProvider();
        var memory = new ShortMemory<int, int>(TimeSpan.FromMinutes(10), 3, clock);
        for (var key = 1; key <= 3; key++)
        {
            memory.Remember(key, key);
        }

        memory.Remember(4, 4);

        Assert.That(memory.TryGet(1, out _), Is.False);
        Assert.That(memory.TryGet(4, out _), Is.True);
    }
}
