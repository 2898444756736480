using System.Text.Json;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Notifications;

/// The bell's live count over the real hub: pushed to user:{id} after commit, and after quiet hours by the pusher.
public sealed class NotificationLiveTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));
        // Kestrel must start before anything else builds the app's services.
        Assert.That(_app.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task<KestrelSession> SignInAsync(bool always = true)
    {
        var person = await TestData.PersonAsync(_app);
        if (always)
        {
            await Notify.AlwaysAsync(_app, person.Id);
        }

        return await KestrelSession.SignInAsync(_app, person);
    }

    private static UnreadCount Unread(HubInvocation push) => push.Argument.Deserialize<UnreadCount>(JsonSerializerOptions.Web)!;

    [Test]
    public async Task A_comment_on_my_post_pushes_my_new_unread_count_to_me()
    {
        using var anna = await SignInAsync();
        using var ben = await SignInAsync();
        await using var annaHub = await anna.ConnectAsync();
        var post = await TestData.ArticleAsync(anna.Http, TestData.Unique("Titel"), "Text");

        await TestData.CommentAsync(ben.Http, post, "Hallo Anna");

        var pushes = await annaHub.ReceiveUntilAsync(p => p.Target == "Unread");
        Assert.That(Unread(pushes[^1]).Count, Is.EqualTo(1));

        await Notify.ReactAsync(ben.Http, post, null, "like");
        pushes = await annaHub.ReceiveUntilAsync(p => p.Target == "Unread");
        Assert.That(Unread(pushes[^1]).Count, Is.EqualTo(2));
    }

    [Test]
    public async Task An_entry_held_by_quiet_hours_is_pushed_when_the_pusher_announces_it()
    {
        using var anna = await SignInAsync(always: false);
        using var ben = await SignInAsync();
        await using var annaHub = await anna.ConnectAsync();
        var post = await TestData.ArticleAsync(anna.Http, TestData.Unique("Titel"), "Text");
        var evening = NotificationTests.NextTuesdayEvening(_clock.GetUtcNow());
        _clock.SetForward(evening);

        await TestData.CommentAsync(ben.Http, post, "Spät noch");
        _clock.SetForward(evening.AddHours(10));
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);

        var pushes = (await annaHub.ReceiveUntilAsync(p => p.Target == "Unread")).Where(p => p.Target == "Unread").ToList();
        Assert.That(pushes.Select(p => Unread(p).Count), Is.EqualTo(new[] { 1 }), "nothing was pushed in the evening");
    }
}
