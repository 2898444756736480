using System.Text.Json;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Intranet.Blog.Tests.Integration.Notifications.Notify;

namespace Intranet.Blog.Tests.Integration.Notifications;

/// A mention written through the real comment form: one entry for the person named, held by her quiet hours.
public sealed class MentionNotificationTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private Task<string> HandleAsync(TestPerson person) =>
        TestData.ScalarAsync<string>(_app, "SELECT handle FROM users WHERE id = @id", new { id = person.Id });



    [Test]
    public async Task A_mention_at_ten_on_a_tuesday_evening_pings_on_wednesday_at_eight_but_shows_at_once_and_counts_once()
    {
        var anna = await TestData.PersonAsync(_app);
        using var annaClient = await TestData.SignedInClientAsync(_app, anna);
        // Ben keeps the defaults: Monday to Friday, 08:00–18:00, Berlin.
        var ben = await TestData.PersonAsync(_app);
        using var benClient = await TestData.SignedInClientAsync(_app, ben);
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");
        var tuesday = NotificationTests.NextTuesdayEvening(_clock.GetUtcNow());
        _clock.SetForward(tuesday);

        var comment = await TestData.CommentAsync(annaClient, post, $"@{await HandleAsync(ben)} schaust du morgen drauf?");

        var row = (await RowsAsync(_app, ben.Id)).Single();
        Assert.That((row.Kind, row.PostId, row.CommentId, row.Announced), Is.EqualTo(("mention", post, (long?)comment, false)));
        Assert.That(DapperSetup.FromUnixMs(row.VisibleAt), Is.EqualTo(tuesday.AddHours(10)), "Wednesday 08:00 Berlin");
        // Quiet hours hold back the ping, not the information: what Ben opens himself shows the mention at once.
        Assert.That(await ListedAsync(benClient), Is.EqualTo(new[] { $"{anna.Name} hat dich in „{title}“ erwähnt" }));
        var bell = (await TestData.GetPageAsync(benClient, "/")).QuerySelector("[data-bell-count]")!;
        Assert.That((bell.HasAttribute("hidden"), bell.TextContent.Trim()), Is.EqualTo((false, "1")), "a page he loads counts it");

        _clock.SetForward(tuesday.AddHours(9).AddMinutes(59));
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);
        Assert.That((await RowsAsync(_app, ben.Id)).Single().Announced, Is.False, "07:59 is still quiet: no ping");

        _clock.SetForward(tuesday.AddHours(10));
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);

        Assert.That((await RowsAsync(_app, ben.Id)).Single().Announced, Is.True);
        Assert.That(await UnreadAsync(benClient), Is.EqualTo(1));
        Assert.That(await ListedAsync(benClient), Is.EqualTo(new[] { $"{anna.Name} hat dich in „{title}“ erwähnt" }));
        bell = (await TestData.GetPageAsync(benClient, "/")).QuerySelector("[data-bell-count]")!;
        Assert.That((bell.HasAttribute("hidden"), bell.TextContent.Trim()), Is.EqualTo((false, "1")));
    }

    [Test]
    public async Task Mentioned_in_a_reply_to_my_comment_on_my_own_post_is_one_entry_the_mention()
    {
        var anna = await TestData.PersonAsync(_app);
        await AlwaysAsync(_app, anna.Id);
        using var annaClient = await TestData.SignedInClientAsync(_app, anna);
        var ben = await TestData.PersonAsync(_app);
        await AlwaysAsync(_app, ben.Id);
        using var benClient = await TestData.SignedInClientAsync(_app, ben);
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");
        var annasComment = await TestData.CommentAsync(annaClient, post, "Wer kann helfen?");

        // Post author, comment author and the one named: three reasons, one entry.
        var reply = await TestData.CommentAsync(benClient, post, $"Frag mal @{await HandleAsync(anna)} selbst – ach, das bist du ja.", annasComment);

        Assert.That((await RowsAsync(_app, anna.Id)).Select(r => (r.Kind, r.PostId, r.CommentId)), Is.EqualTo(new[] { ("mention", post, (long?)reply) }));
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1));
        Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{ben.Name} hat dich in „{title}“ erwähnt" }));
    }

    [Test]
    public async Task With_mentions_switched_off_a_comment_naming_me_on_my_post_still_tells_me_about_the_comment()
    {
        var anna = await TestData.PersonAsync(_app);
        await AlwaysAsync(_app, anna.Id, NotificationSettings.Default with { Mention = false });
        using var annaClient = await TestData.SignedInClientAsync(_app, anna);
        var ben = await TestData.PersonAsync(_app);
        using var benClient = await TestData.SignedInClientAsync(_app, ben);
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");

        await TestData.CommentAsync(benClient, post, $"Danke, @{await HandleAsync(anna)}!");

        Assert.That((await RowsAsync(_app, anna.Id)).Select(r => (r.Kind, r.PostId)), Is.EqualTo(new[] { ("comment", post) }));
    }

    [Test]
    public async Task A_follower_named_in_a_new_post_gets_one_entry_the_mention()
    {
        var anna = await TestData.PersonAsync(_app);
        using var annaClient = await TestData.SignedInClientAsync(_app, anna);
        var ben = await TestData.PersonAsync(_app);
        await AlwaysAsync(_app, ben.Id);
        using var benClient = await TestData.SignedInClientAsync(_app, ben);
        await TestData.PostFormAsync(benClient, "/departments", "/follows", new() { ["kind"] = "person", ["id"] = Id(anna.Id), ["follow"] = "true" });

        var post = await TestData.MicroAsync(annaClient, $"Neues Projekt mit @{await HandleAsync(ben)}");

        Assert.That((await RowsAsync(_app, ben.Id)).Select(r => (r.Kind, r.PostId)), Is.EqualTo(new[] { ("mention", post) }));
    }
}
