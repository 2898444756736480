using Intranet.Blog.Features.Account;
using Intranet.Blog.Infrastructure.Nodes;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Integration.Nodes;

/// The limits several nodes share, on a real Redis: each "node" here is a connection of its own, as each app
/// process has, and they count together.
[RequiresProgram(Support.Redis.Program, Support.Redis.Install)]
public sealed class SharedLimitsTests
{
    private readonly List<SharedRedis> _nodes = [];

    [TearDown]
    public async Task Disconnect()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private async Task<(SharedLimits A, SharedLimits B)> TwoNodesAsync()
    {
        var setting = (await Support.Redis.ServerAsync()).NewSetting();
        SharedLimits Node()
        {
            var redis = new SharedRedis(Options.Create(new IntranetOptions { Database = "postgres", Redis = setting }));
            _nodes.Add(redis);
            return new SharedLimits(redis);
        }

        return (Node(), Node());
    }

    [Test]
    public async Task A_bucket_of_six_a_minute_gives_six_at_once_across_nodes_and_then_says_how_long_to_wait()
    {
        var (a, b) = await TwoNodesAsync();
        var key = TestData.Unique("writes");

        var taken = new List<TimeSpan?>();
        for (var i = 0; i < 6; i++)
        {
            taken.Add(await (i % 2 == 0 ? a : b).TakeAsync(key, perMinute: 6));
        }

        var refused = await a.TakeAsync(key, perMinute: 6);

        Assert.That(taken, Is.All.Null, "a full bucket: six at once");
        Assert.That(refused, Is.Not.Null.And.GreaterThan(TimeSpan.FromSeconds(8)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(10)), "the next in ten seconds");
        Assert.That(await b.TakeAsync(TestData.Unique("writes"), perMinute: 6), Is.Null, "another person's bucket is full");
    }

    [Test]
    public async Task The_sign_in_throttle_blocks_an_address_after_thirty_failures_on_any_nodes_and_apart_from_the_reset_form()
    {
        var (a, b) = await TwoNodesAsync();
        var clock = TimeProvider.System;
        var onA = new AddressThrottle("sign-in", clock, a);
        var onB = new AddressThrottle("sign-in", clock, b);
        var resets = new AddressThrottle("password-reset", clock, a);
        var address = TestData.Unique("10.0.0.");

        for (var i = 0; i < AddressThrottle.MaxFailures; i++)
        {
            Assert.That(await onA.IsBlockedAsync(address) || await onB.IsBlockedAsync(address), Is.False, $"after {i}");
            await (i % 2 == 0 ? onA : onB).FailedAsync(address);
        }

        Assert.That(await onA.IsBlockedAsync(address) && await onB.IsBlockedAsync(address), Is.True);
        Assert.That(await resets.IsBlockedAsync(address), Is.False, "the reset form counts apart");
        Assert.That(await onA.IsBlockedAsync(TestData.Unique("10.0.1.")), Is.False, "other addresses are not affected");
    }

    [Test]
    public async Task A_password_reset_link_goes_out_once_within_the_cooldown_whichever_node_is_asked()
    {
        var (a, b) = await TwoNodesAsync();
        var key = TestData.Unique("password-reset-sent:");

        Assert.That(await a.FirstWithinAsync(key, TimeSpan.FromMinutes(5)), Is.True);
        Assert.That(await b.FirstWithinAsync(key, TimeSpan.FromMinutes(5)), Is.False);
        Assert.That(await a.FirstWithinAsync(key, TimeSpan.FromMinutes(5)), Is.False);
    }

    [Test]
    public void Readers_are_counted_once_per_person_across_nodes_and_a_gone_node_stops_counting()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var until = (now + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds();
        var gone = (now - TimeSpan.FromSeconds(1)).ToUnixTimeMilliseconds();
        StackExchange.Redis.HashEntry[] fields =
        [
            new("node-a", $"{until}:7,8"),
            new("node-b", $"{until}:8,9"),
            new("node-c", $"{gone}:10,11"),
            new("broken", "no colon"),
        ];

        Assert.That(Blog.Features.Live.SharedPresence.Count(fields, now), Is.EqualTo(3), "7, 8 and 9; node c's are out of date");
    }
}
