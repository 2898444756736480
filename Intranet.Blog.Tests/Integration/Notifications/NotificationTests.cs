using System.Net;
using System.Text.Json;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Intranet.Blog.Tests.Integration.Notifications.Notify;

namespace Intranet.Blog.Tests.Integration.Notifications;

public sealed class NotificationTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    /// A person whose notifications show at once, whatever the test clock says.
    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(long? departmentId = null)
    {
        var person = await TestData.PersonAsync(_app, departmentId: departmentId);
        await AlwaysAsync(_app, person.Id);
        return (person, await TestData.SignedInClientAsync(_app, person));
    }



    [Test]
    public async Task A_comment_on_my_post_notifies_me_at_post_level()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");

        await TestData.CommentAsync(benClient, post, "Schön!");

        var rows = await RowsAsync(_app, anna.Id);
        Assert.That(rows.Select(r => (r.Kind, r.PostId, r.CommentId, r.ItemCount, r.Announced)), Is.EqualTo(new[] { ("comment", post, (long?)null, 1, true) }));
        Assert.That(await ActorsAsync(_app, rows[0].Id), Is.EqualTo(new[] { ben.Id }));
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1));
        Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{ben.Name} hat „{title}“ kommentiert" }));
    }

    [Test]
    public async Task A_reply_to_my_comment_notifies_me_on_that_comment_and_the_post_author_of_the_comment()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var (carla, carlaClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var benComment = await TestData.CommentAsync(benClient, post, "Erster");

        await TestData.CommentAsync(carlaClient, post, "Antwort", benComment);

        Assert.That((await RowsAsync(_app, ben.Id)).Select(r => (r.Kind, r.PostId, r.CommentId)), Is.EqualTo(new[] { ("reply", post, (long?)benComment) }));
        var annas = await RowsAsync(_app, anna.Id);
        Assert.That(annas.Select(r => (r.Kind, r.ItemCount)), Is.EqualTo(new[] { ("comment", 2) }), "the post's author hears of both comments");
        Assert.That(await ActorsAsync(_app, annas[0].Id), Is.EquivalentTo(new[] { ben.Id, carla.Id }));
        Assert.That(await RowsAsync(_app, carla.Id), Is.Empty);
    }

    [Test]
    public async Task Reactions_notify_the_author_of_the_post_or_of_the_comment()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var comment = await TestData.CommentAsync(annaClient, post, "Mein Kommentar");

        await ReactAsync(benClient, post, null, "like");
        await ReactAsync(benClient, post, comment, "celebrate");

        Assert.That((await RowsAsync(_app, anna.Id)).Select(r => (r.Kind, r.PostId, r.CommentId)),
            Is.EqualTo(new[] { ("reaction", post, (long?)null), ("reaction", post, (long?)comment) }));
        Assert.That(await RowsAsync(_app, ben.Id), Is.Empty);
    }

    [Test]
    public async Task The_same_person_reacting_twice_is_one_actor_on_one_entry()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");

        await ReactAsync(benClient, post, null, "like");
        await ReactAsync(benClient, post, null, "insightful");

        var rows = await RowsAsync(_app, anna.Id);
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0].ItemCount, Is.EqualTo(2));
        Assert.That(await ActorsAsync(_app, rows[0].Id), Is.EqualTo(new[] { ben.Id }));
        Assert.That(await ListedAsync(annaClient), Has.Length.EqualTo(1).And.One.StartsWith(ben.Name + " hat auf"));
    }

    [Test]
    public async Task Five_people_reacting_make_one_entry_naming_the_most_recent_and_four_others()
    {
        var (anna, annaClient) = await PersonAsync();
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (someone, client) = await PersonAsync();
            _clock.Advance(TimeSpan.FromSeconds(1));
            await ReactAsync(client, post, null, "like");
            names.Add(someone.Name);
            if (i == 1)
            {
                Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{names[1]} und {names[0]} haben auf „{title}“ reagiert" }));
            }
        }

        var rows = await RowsAsync(_app, anna.Id);
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(await ActorsAsync(_app, rows[0].Id), Has.Count.EqualTo(5));
        Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{names[4]} und 4 weitere haben auf „{title}“ reagiert" }));
    }

    [Test]
    public async Task Three_comments_are_one_entry_saying_three_new_comments()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");

        for (var i = 0; i < 3; i++)
        {
            await TestData.CommentAsync(benClient, post, $"Kommentar {i}");
        }

        Assert.That((await RowsAsync(_app, anna.Id)).Select(r => (r.Kind, r.ItemCount)), Is.EqualTo(new[] { ("comment", 3) }));
        Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{ben.Name}: 3 neue Kommentare zu „{title}“" }));
    }

    [Test]
    public async Task In_english_the_list_speaks_english()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, benClient) = await PersonAsync();
        var title = TestData.Unique("Title");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");
        await TestData.CommentAsync(benClient, post, "One");
        await TestData.CommentAsync(benClient, post, "Two");
        var (carla, carlaClient) = await PersonAsync();
        var other = TestData.Unique("Other");
        var otherPost = await TestData.ArticleAsync(annaClient, other, "Text");
        await ReactAsync(benClient, otherPost, null, "like");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ReactAsync(carlaClient, otherPost, null, "like");
        await TestData.PostFormAsync(annaClient, "/", "/account/language", new() { ["locale"] = "en", ["returnUrl"] = "/" });

        Assert.That(await ListedAsync(annaClient), Is.EqualTo(new[] { $"{carla.Name} and {ben.Name} reacted to “{other}”", $"{ben.Name}: 2 new comments on “{title}”" }));
        var bell = (await TestData.GetPageAsync(annaClient, "/notifications")).QuerySelector("[data-bell]")!;
        Assert.That(bell.GetAttribute("aria-label"), Is.EqualTo("2 unread notifications"));
    }

    [Test]
    public async Task Nobody_is_notified_of_their_own_doing()
    {
        var (anna, annaClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var comment = await TestData.CommentAsync(annaClient, post, "Selbst");
        await TestData.CommentAsync(annaClient, post, "Antwort an mich", comment);
        await ReactAsync(annaClient, post, null, "like");
        await ReactAsync(annaClient, post, comment, "like");

        Assert.That(await RowsAsync(_app, anna.Id), Is.Empty);
    }

    [Test]
    public async Task A_deactivated_person_gets_nothing()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        await TestData.DeactivateAsync(_app, anna.Id);

        await TestData.CommentAsync(benClient, post, "Hallo?");
        await ReactAsync(benClient, post, null, "like");

        Assert.That(await RowsAsync(_app, anna.Id), Is.Empty);
    }

    [Test]
    public async Task A_kind_switched_off_stores_nothing()
    {
        var (anna, annaClient) = await PersonAsync();
        await AlwaysAsync(_app, anna.Id, NotificationSettings.Default with { Reaction = false });
        var (_, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");

        await ReactAsync(benClient, post, null, "like");
        await TestData.CommentAsync(benClient, post, "Kommentar");

        Assert.That((await RowsAsync(_app, anna.Id)).Select(r => r.Kind), Is.EqualTo(new[] { "comment" }));
    }

    [Test]
    public async Task A_new_post_notifies_followers_of_its_author_and_department_once_each()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (author, authorClient) = await PersonAsync(department);
        var (colleague, _) = await PersonAsync(department);
        var (fan, fanClient) = await PersonAsync();
        var (both, bothClient) = await PersonAsync(department);
        var (stranger, _) = await PersonAsync();
        await FollowAsync(fanClient, "person", author.Id);
        await FollowAsync(bothClient, "person", author.Id);

        var post = await TestData.MicroAsync(authorClient, TestData.Unique("Neu"), department);

        foreach (var follower in new[] { colleague, fan, both })
        {
            Assert.That((await RowsAsync(_app, follower.Id)).Select(r => (r.Kind, r.PostId)), Is.EqualTo(new[] { ("post", post) }), follower.Name);
        }

        Assert.That(await RowsAsync(_app, stranger.Id), Is.Empty);
        Assert.That(await RowsAsync(_app, author.Id), Is.Empty);
    }

    [Test]
    public async Task A_new_post_notifies_followers_of_its_topics()
    {
        var (author, authorClient) = await PersonAsync();
        var (reader, readerClient) = await PersonAsync();
        var topic = await Follows.FollowTests.TopicAsync(_app);
        await FollowAsync(readerClient, "topic", topic);
        var post = await TestData.MicroAsync(authorClient, TestData.Unique("Vorher"));
        Assert.That(await RowsAsync(_app, reader.Id), Is.Empty, "not following the author");

        // Tags are written by the topics feature in the post's own transaction; this does the same.
        await using (var scope = await _app.Service<Database>().BeginWriteAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(scope.Connection, "INSERT INTO post_tags (tag_id, post_id, created_at) VALUES (@topic, @post, 0)", new { topic, post }, scope.Transaction);
            await _app.Service<NotificationService>().PostedAsync(scope.Connection, scope.Transaction, author.Id, post, null);
            await scope.CommitAsync();
        }

        Assert.That((await RowsAsync(_app, reader.Id)).Select(r => (r.Kind, r.PostId)), Is.EqualTo(new[] { ("post", post) }));
    }

    /// The table itself no longer lists the kinds (migration 0029): the store refuses one it does not know.
    [Test]
    public async Task An_unknown_kind_is_refused_and_writes_nothing()
    {
        var (author, authorClient) = await PersonAsync();
        var (reader, _) = await PersonAsync();
        var post = await TestData.MicroAsync(authorClient, TestData.Unique("Art"));
        var now = _clock.GetUtcNow();

        await using (var scope = await _app.Service<Database>().BeginWriteAsync())
        {
            Assert.ThrowsAsync<ArgumentException>(() => _app.Service<NotificationStore>().UpsertAsync(
                scope.Connection, scope.Transaction, new NewNotification(reader.Id, "mentoin", post, null, author.Id, now, now)));
            Assert.That(await _app.Service<NotificationStore>().UpsertAsync(
                scope.Connection, scope.Transaction, new NewNotification(reader.Id, NotificationKinds.Mention, post, null, author.Id, now, now)), Is.Positive);
        }

        Assert.That(await RowsAsync(_app, reader.Id), Is.Empty, "nothing was committed");
    }

    private static async Task FollowAsync(HttpClient client, string kind, long id)
    {
        var response = await TestData.PostFormAsync(client, "/departments", "/follows", new() { ["kind"] = kind, ["id"] = Id(id), ["follow"] = "true" }, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Mentions_notify_the_people_named_but_never_the_writer()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, _) = await PersonAsync();
        var (carla, _) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var comment = await TestData.CommentAsync(annaClient, post, "@ben @carla");

        var service = _app.Service<NotificationService>();
        IReadOnlyList<long> visible;
        await using (var scope = await _app.Service<Database>().BeginWriteAsync())
        {
            visible = await service.MentionedAsync(scope.Connection, scope.Transaction, anna.Id, post, comment, [ben.Id, carla.Id, anna.Id], CancellationToken.None);
            await scope.CommitAsync();
        }

        Assert.That(visible, Is.EquivalentTo(new[] { ben.Id, carla.Id }));
        Assert.That((await RowsAsync(_app, ben.Id)).Select(r => (r.Kind, r.PostId, r.CommentId)), Is.EqualTo(new[] { ("mention", post, (long?)comment) }));
        Assert.That((await RowsAsync(_app, carla.Id)).Select(r => r.Kind), Is.EqualTo(new[] { "mention" }));
        Assert.That(await RowsAsync(_app, anna.Id), Is.Empty);
    }

    [Test]
    public async Task The_list_shows_thirty_entries_newest_change_first_and_pages_on()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var posts = new List<long>();
        for (var i = 0; i < 31; i++)
        {
            posts.Add(await TestData.MicroAsync(annaClient, $"Beitrag {i}"));
        }

        foreach (var post in posts)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await ReactAsync(benClient, post, null, "like");
        }

        // A new reaction on the oldest entry makes it the newest change.
        var (_, carlaClient) = await PersonAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await ReactAsync(carlaClient, posts[0], null, "like");
        var entries = await RowsAsync(_app, anna.Id);
        var first = await TestData.GetPageAsync(annaClient, "/notifications");
        var more = first.QuerySelector(".load-more a")!.GetAttribute("href")!;
        var second = await TestData.GetPageAsync(annaClient, more);

        long[] Ids(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelectorAll("[data-notification]").Select(e => long.Parse(e.GetAttribute("data-notification")!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var oldest = entries.Single(e => e.PostId == posts[0]).Id;
        var newestFirst = entries.Where(e => e.Id != oldest).OrderByDescending(e => e.Id).Select(e => e.Id).Prepend(oldest).ToArray();
        Assert.That(Ids(first), Is.EqualTo(newestFirst.Take(30)));
        Assert.That(Ids(second), Is.EqualTo(newestFirst.Skip(30)));
        Assert.That(second.QuerySelector(".load-more"), Is.Null);
    }

    [Test]
    public async Task Marking_one_read_and_opening_it_leads_to_the_comment()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var comment = await TestData.CommentAsync(annaClient, post, "Mein Kommentar");
        await ReactAsync(benClient, post, comment, "like");
        await ReactAsync(benClient, post, null, "like");
        var rows = await RowsAsync(_app, anna.Id);
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(2));

        var open = await annaClient.GetAsync($"/notifications/{Id(rows[0].Id)}");
        Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(open.Headers.Location!.OriginalString, Is.EqualTo($"/posts/{Id(post)}#comment-{Id(comment)}"));
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1));

        var marked = await TestData.PostFormAsync(annaClient, "/notifications", $"/notifications/{Id(rows[1].Id)}/read", []);
        Assert.That(marked.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await UnreadAsync(annaClient), Is.Zero);
        Assert.That((await RowsAsync(_app, anna.Id)).All(r => r.ReadAt is not null));
    }

    [Test]
    public async Task Someone_elses_entry_cannot_be_opened_or_marked()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        await ReactAsync(benClient, post, null, "like");
        var entry = (await RowsAsync(_app, anna.Id))[0];

        Assert.That((await benClient.GetAsync($"/notifications/{Id(entry.Id)}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await TestData.PostFormAsync(benClient, "/notifications", $"/notifications/{Id(entry.Id)}/read", [])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await RowsAsync(_app, anna.Id))[0].ReadAt, Is.Null);
    }

    [Test]
    public async Task Mark_all_read_clears_the_count_and_the_styling()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var first = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var second = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        await TestData.CommentAsync(benClient, first, "Eins");
        await ReactAsync(benClient, second, null, "like");
        var page = await TestData.GetPageAsync(annaClient, "/notifications");
        Assert.That(page.QuerySelectorAll(".notification.unread"), Has.Length.EqualTo(2));
        Assert.That(page.QuerySelector("[data-bell]")!.GetAttribute("aria-label"), Is.EqualTo("2 ungelesene Benachrichtigungen"));

        var response = await TestData.PostFormAsync(annaClient, "/notifications", "/notifications/read-all", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await UnreadAsync(annaClient), Is.Zero);
        page = await TestData.GetPageAsync(annaClient, "/notifications");
        Assert.That(page.QuerySelectorAll(".notification"), Has.Length.EqualTo(2));
        Assert.That(page.QuerySelectorAll(".notification.unread"), Is.Empty);
        Assert.That(page.QuerySelector("[data-bell-count]")!.HasAttribute("hidden"), Is.True);
    }

    [Test]
    public async Task Opening_the_post_marks_its_entries_read()
    {
        var (anna, annaClient) = await PersonAsync();
        var (_, benClient) = await PersonAsync();
        var post = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        var other = await TestData.ArticleAsync(annaClient, TestData.Unique("Titel"), "Text");
        await TestData.CommentAsync(benClient, post, "Eins");
        await ReactAsync(benClient, post, null, "like");
        await ReactAsync(benClient, other, null, "like");
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(3));

        var page = await TestData.GetPageAsync(annaClient, $"/posts/{Id(post)}");

        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1));
        Assert.That(page.QuerySelector("[data-bell-count]")!.TextContent.Trim(), Is.EqualTo("1"), "the bell on that very page already counts it read");
    }

    [Test]
    public async Task Quiet_hours_hold_back_the_ping_of_an_evening_comment_until_the_next_working_morning_not_the_entry()
    {
        var anna = await TestData.PersonAsync(_app);
        using var annaClient = await TestData.SignedInClientAsync(_app, anna);
        var (_, benClient) = await PersonAsync();
        var title = TestData.Unique("Titel");
        var post = await TestData.ArticleAsync(annaClient, title, "Text");
        // Next Tuesday 22:00 in Berlin (winter time, UTC+1); Anna keeps the default Mon–Fri 08:00–18:00.
        var tuesday = NextTuesdayEvening(_clock.GetUtcNow());
        _clock.SetForward(tuesday);

        await TestData.CommentAsync(benClient, post, "Spät noch");

        var row = (await RowsAsync(_app, anna.Id)).Single();
        Assert.That(row.Announced, Is.False);
        Assert.That(DapperSetup.FromUnixMs(row.VisibleAt), Is.EqualTo(tuesday.AddHours(10)), "Wednesday 08:00 Berlin");
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1), "it used to count only from 08:00");
        var list = await TestData.GetPageAsync(annaClient, "/notifications");
        Assert.That(list.QuerySelectorAll(".notification-text"), Has.Length.EqualTo(1), "it used to be missing from the list until 08:00");
        Assert.That(list.QuerySelector(".notification .held-back")?.TextContent, Does.Contain("08:00"), "marked as due at the start of her working hours");

        _clock.SetForward(tuesday.AddHours(9).AddMinutes(59));
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);
        Assert.That((await RowsAsync(_app, anna.Id)).Single().Announced, Is.False, "07:59 is still quiet");

        _clock.SetForward(tuesday.AddHours(10));
        await _app.Service<BellQueue>().AnnounceDueAsync(CancellationToken.None);

        Assert.That((await RowsAsync(_app, anna.Id)).Single().Announced, Is.True);
        Assert.That(await UnreadAsync(annaClient), Is.EqualTo(1));
        Assert.That(await ListedAsync(annaClient), Has.Length.EqualTo(1));
    }

    /// 21:00 UTC on the next Tuesday in winter time (22:00 in Berlin), at least a day ahead.
    public static DateTimeOffset NextTuesdayEvening(DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date.AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Tuesday || TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").IsDaylightSavingTime(day))
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.AddHours(21), TimeSpan.Zero);
    }

    [Test]
    public async Task Settings_are_saved_and_shown_again()
    {
        var (anna, client) = await PersonAsync();
        var response = await SaveSettingsAsync(client, new() { ["comment"] = "true", ["timeZone"] = "America/New_York", ["days"] = "1", ["start"] = "07:30", ["end"] = "15:45" }, ("days", "16"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var saved = await _app.Service<NotificationStore>().SettingsAsync(anna.Id);
        Assert.That(saved, Is.EqualTo(new NotificationSettings
        {
            Mention = false, Comment = true, Reply = false, Reaction = false, Post = false, Guides = false,
            TimeZone = "America/New_York", WorkDays = 17, WorkStart = 450, WorkEnd = 945,
        }));
        var page = await TestData.GetPageAsync(client, "/notifications/settings");
        Assert.That(page.QuerySelector("input[name=comment]")!.HasAttribute("checked"), Is.True);
        Assert.That(page.QuerySelector("input[name=mention]")!.HasAttribute("checked"), Is.False);
        Assert.That(page.QuerySelector("#timeZone option[selected]")!.GetAttribute("value"), Is.EqualTo("America/New_York"));
        Assert.That(page.QuerySelector("#start")!.GetAttribute("value"), Is.EqualTo("07:30"));
    }

    [Test]
    public async Task An_end_of_23_59_means_the_end_of_the_day()
    {
        var (anna, client) = await PersonAsync();

        var response = await SaveSettingsAsync(client, new() { ["timeZone"] = "Europe/Berlin", ["days"] = "1", ["start"] = "00:00", ["end"] = "23:59" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await _app.Service<NotificationStore>().SettingsAsync(anna.Id)).WorkEnd, Is.EqualTo(1440));
        Assert.That((await TestData.GetPageAsync(client, "/notifications/settings")).QuerySelector("#end")!.GetAttribute("value"), Is.EqualTo("23:59"));
    }

    [TestCase("Mars/Olympus", "08:00", "18:00", "Unbekannte Zeitzone.")]
    [TestCase("Europe/Berlin", "18:00", "08:00", "Das Arbeitsende muss nach dem Arbeitsbeginn liegen.")]
    [TestCase("Europe/Berlin", "08:00", "08:00", "Das Arbeitsende muss nach dem Arbeitsbeginn liegen.")]
    [TestCase("Europe/Berlin", "acht", "18:00", "Arbeitsbeginn muss eine Uhrzeit wie 08:30 sein.")]
    [TestCase("Europe/Berlin", "08:00", "", "Arbeitsende ist erforderlich.")]
    public async Task Invalid_settings_are_refused_with_a_clear_error_and_nothing_is_stored(string zone, string start, string end, string error)
    {
        var (anna, client) = await PersonAsync();
        var before = await _app.Service<NotificationStore>().SettingsAsync(anna.Id);

        var response = await SaveSettingsAsync(client, new() { ["timeZone"] = zone, ["days"] = "1", ["start"] = start, ["end"] = end });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain(error));
        Assert.That(page.QuerySelector("#start")!.GetAttribute("value"), Is.EqualTo(start), "the input is kept");
        Assert.That(await _app.Service<NotificationStore>().SettingsAsync(anna.Id), Is.EqualTo(before));
    }

    private static async Task<HttpResponseMessage> SaveSettingsAsync(HttpClient client, Dictionary<string, string> fields, params (string Key, string Value)[] more)
    {
        var token = await TestData.TokenAsync(client, "/notifications/settings");
        var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Key, m.Value)))
            .Append(new("__RequestVerificationToken", token)));
        return await client.PostAsync("/notifications/settings", content);
    }

    [Test]
    public async Task The_bell_counts_up_to_99_and_beyond_that_says_more_than_99()
    {
        var (anna, annaClient) = await PersonAsync();
        var (ben, _) = await PersonAsync();
        // Written directly: 120 posts with an unread entry each is what months of following a busy colleague leave.
        async Task UnreadEntriesAsync(int count) => await TestData.ExecuteAsync(_app, """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO posts (author_id, kind, body_md, body_html, created_at)
            SELECT @ben, 'micro', 'x', '<p>x</p>', @now FROM n;
            INSERT INTO notifications (recipient_id, kind, post_id, created_at, updated_at, visible_at, announced)
            SELECT @anna, 'post', p.id, @now, @now, @now, 1
              FROM posts p
             WHERE p.author_id = @ben AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.post_id = p.id)
            """, new { count, ben = ben.Id, anna = anna.Id, now = _clock.GetUtcNow().ToUnixTimeMilliseconds() });
        async Task<(string? Badge, string? Label)> BellAsync()
        {
            var bell = (await TestData.GetPageAsync(annaClient, "/notifications/settings")).QuerySelector("[data-bell]")!;
            return (bell.QuerySelector("[data-bell-count]")!.TextContent, bell.GetAttribute("aria-label"));
        }

        await UnreadEntriesAsync(99);
        var at99 = (await UnreadAsync(annaClient), await BellAsync());
        await UnreadEntriesAsync(21);
        var at120 = (await UnreadAsync(annaClient), await BellAsync());

        Assert.That(at99, Is.EqualTo((99, ("99", "99 ungelesene Benachrichtigungen"))));
        Assert.That(at120, Is.EqualTo((NotificationStore.UnreadCap, ("99+", "Mehr als 99 ungelesene Benachrichtigungen"))));
    }
}
