using Intranet.Blog.Features.Live;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Live;

public sealed class PresenceTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        // The typing throttle reads the app's clock; holding it still makes "two quick typings" exact.
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));
        // Kestrel must start before anything else builds the app's services.
        Assert.That(_app.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Two_people_watching_the_same_post_both_see_two()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        await using var hubB = await b.ConnectAsync();

        var first = await hubA.InvokeAsync("WatchPost", postId);
        var second = await hubB.InvokeAsync("WatchPost", postId);

        Assert.That((first.Result!.Value.GetInt32(), second.Result!.Value.GetInt32()), Is.EqualTo((1, 2)));
        Assert.That((await NextPresenceAsync(hubA, p => p.Count == 2)).PostId, Is.EqualTo(postId));
    }

    [Test]
    public async Task When_one_of_two_watchers_disconnects_the_other_sees_one()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        var hubB = await b.ConnectAsync();
        await hubA.InvokeAsync("WatchPost", postId);
        await hubB.InvokeAsync("WatchPost", postId);
        await NextPresenceAsync(hubA, p => p.Count == 2);

        await hubB.DisposeAsync();

        Assert.That(await NextPresenceAsync(hubA, _ => true), Is.EqualTo(new PresenceUpdate(postId, 1)));
    }

    [Test]
    public async Task When_a_watcher_unwatches_the_other_sees_one()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        await using var hubB = await b.ConnectAsync();
        await hubA.InvokeAsync("WatchPost", postId);
        await hubB.InvokeAsync("WatchPost", postId);
        await NextPresenceAsync(hubA, p => p.Count == 2);

        await hubB.InvokeAsync("UnwatchPost", postId);

        Assert.That(await NextPresenceAsync(hubA, _ => true), Is.EqualTo(new PresenceUpdate(postId, 1)));
    }

    [Test]
    public async Task One_person_in_two_tabs_counts_once()
    {
        var (postId, a, _) = await TwoPeopleAndAPostAsync();
        await using var tab1 = await a.ConnectAsync();
        await using var tab2 = await a.ConnectAsync();

        await tab1.InvokeAsync("WatchPost", postId);
        var second = await tab2.InvokeAsync("WatchPost", postId);

        Assert.That(second.Result!.Value.GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Typing_reaches_the_other_watcher_once_per_burst_and_never_the_writer()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        await using var hubB = await b.ConnectAsync();
        await hubA.InvokeAsync("WatchPost", postId);
        await hubB.InvokeAsync("WatchPost", postId);

        await hubA.InvokeAsync("Typing", postId);
        await hubA.InvokeAsync("Typing", postId);
        // Watching again changes nothing but sends the count to both, after the typing.
        await hubA.InvokeAsync("WatchPost", postId);

        var atA = await ThroughPresenceAsync(hubA, 3);
        var atB = await ThroughPresenceAsync(hubB, 2);
        Assert.That(atB.Where(p => p.Target == "Typing").Select(p => p.Argument.GetProperty("postId").GetInt64()), Is.EqualTo(new[] { postId }));
        Assert.That(atA.Where(p => p.Target == "Typing"), Is.Empty);
    }

    [Test]
    public async Task Typing_again_after_the_throttle_interval_reaches_the_other_watcher_again()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        await using var hubB = await b.ConnectAsync();
        await hubA.InvokeAsync("WatchPost", postId);
        await hubB.InvokeAsync("WatchPost", postId);

        await hubA.InvokeAsync("Typing", postId);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await hubA.InvokeAsync("Typing", postId);
        await hubA.InvokeAsync("WatchPost", postId);

        Assert.That((await ThroughPresenceAsync(hubB, 2)).Count(p => p.Target == "Typing"), Is.EqualTo(2));
    }

    [Test]
    public async Task Typing_under_a_post_one_does_not_watch_reaches_nobody()
    {
        var (postId, a, b) = await TwoPeopleAndAPostAsync();
        await using var hubA = await a.ConnectAsync();
        await using var hubB = await b.ConnectAsync();
        await hubB.InvokeAsync("WatchPost", postId);

        await hubA.InvokeAsync("Typing", postId);
        await hubA.InvokeAsync("WatchPost", postId);

        Assert.That((await ThroughPresenceAsync(hubB, 2)).Where(p => p.Target == "Typing"), Is.Empty);
    }

    private async Task<(long PostId, KestrelSession A, KestrelSession B)> TwoPeopleAndAPostAsync()
    {
        var a = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        var b = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        return (await TestData.MicroAsync(a.Http, TestData.Unique("Offen")), a, b);
    }

    private static async Task<PresenceUpdate> NextPresenceAsync(HubProtocolClient hub, Func<PresenceUpdate, bool> match) =>
        (await hub.ReceiveUntilAsync(p => p.Target == "Presence" && match(p.Presence())))[^1].Presence();

    /// Everything pushed up to and including the nth presence update: a join sends the count to every watcher,
    /// so it marks the point by which anything the hub sent before has arrived.
    private static Task<IReadOnlyList<HubInvocation>> ThroughPresenceAsync(HubProtocolClient hub, int nth)
    {
        var seen = 0;
        return hub.ReceiveUntilAsync(p => p.Target == "Presence" && ++seen == nth);
    }

    /// Time that moves only when a test says so.
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
