using System.Net;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Integration.Follows;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Intranet.Blog.Tests.Support.DraftForms;

namespace Intranet.Blog.Tests.Integration.Drafts;

/// Scheduled posts, driven by a fake clock: the app's own background publisher puts them out at their time, also when
/// the app was restarted in between (the schedule is in the database), as if they were written at that moment.
public sealed class ScheduledPublishingTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = NewApp(null);

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    /// dataDirectory: a database another app host used before (a restart), kept when this one stops.
    private BlogAppFactory NewApp(string? dataDirectory) =>
        new(services: s => s.AddSingleton<TimeProvider>(_clock), dataDirectory: dataDirectory) { KeepData = dataDirectory is not null };

    private static string Word(string prefix) => prefix + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal)[1..];

    /// The whole minute the editor's field names (it has no seconds).
    private static DateTimeOffset Minute(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);

    private static Task<long> PostCountAsync(BlogAppFactory app, string title) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM posts WHERE title = @title", new { title });

    private Task<long> PostCountAsync(string title) => PostCountAsync(_app, title);

    private static async Task<long> PublishedAsync(BlogAppFactory app, string title)
    {
        // The publisher runs on its own thread once the clock moves; this waits for it in real time.
        for (var tries = 0; tries < 100; tries++)
        {
            if (await PostCountAsync(app, title) > 0)
            {
                return await TestData.ScalarAsync<long>(app, "SELECT id FROM posts WHERE title = @title", new { title });
            }

            await Task.Delay(100);
        }

        throw new AssertionException($"'{title}' was not published");
    }

    private static async Task<long> ScheduleNewAsync(BlogAppFactory app, HttpClient client, string title, string body, DateTimeOffset at)
    {
        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts/schedule", Form(title, body, publishAt: Local(at)));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/drafts"));
        return await TestData.ScalarAsync<long>(app, "SELECT id FROM drafts WHERE title = @title", new { title });
    }

    [Test]
    public async Task A_scheduled_post_appears_at_its_time_after_a_restart_and_notifies_as_if_posted_then()
    {
        var data = Path.Combine(Path.GetTempPath(), $"intranet-blog-{Guid.NewGuid():N}");
        var word = Word("Geplant");
        var title = $"Titel {word}";
        var due = Minute(_clock.GetUtcNow().AddHours(2));
        TestPerson reader;
        long id;
        var first = NewApp(data);
        try
        {
            var department = await TestData.DepartmentAsync(first);
            var author = await TestData.PersonAsync(first, Roles.Staff, department);
            reader = await TestData.PersonAsync(first, Roles.Staff, department);
            var authorClient = await TestData.SignedInClientAsync(first, author);
            id = await ScheduleNewAsync(first, authorClient, title, $"Ab morgen gilt {word}, @{await HandleAsync(first, reader)}", due);

            Assert.That(await TestData.ScalarAsync<long>(first, "SELECT publish_at FROM drafts WHERE id = @id", new { id }), Is.EqualTo(due.ToUnixTimeMilliseconds()),
                "the time typed in Berlin is stored in UTC");
            Assert.That(await (await TestData.SignedInClientAsync(first, reader)).GetStringAsync("/"), Does.Not.Contain(title));
            Assert.That((await TestData.GetPageAsync(authorClient, "/drafts")).QuerySelector("#scheduled-title + ul")!.TextContent, Does.Contain(title));
        }
        finally
        {
            await first.DisposeAsync();
        }

        // The first host's start-up thread lets go of the data directory just after the host has stopped.
        for (var tries = 0; tries < 100 && AppLock.IsHeld(data); tries++)
        {
            await Task.Delay(50);
        }

        // The same database under a new app host: what only lived in memory is gone.
        var second = NewApp(data);
        try
        {
            var readerClient = await TestData.SignedInClientAsync(second, reader);
            _clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(300);
            Assert.That(await PostCountAsync(second, title), Is.Zero, "not before its time");
            Assert.That(await readerClient.GetStringAsync("/search?q=" + word), Does.Not.Contain("data-post-id"), "nor found");

            _clock.Advance(TimeSpan.FromHours(1));
            var postId = await PublishedAsync(second, title);

            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT created_at FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(due.ToUnixTimeMilliseconds()),
                "it shows with its publishing time");
            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT COUNT(*) FROM events WHERE kind = 'post.created' AND target_id = @postId", new { postId }), Is.EqualTo(1),
                "the live path of a new post");
            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id AND kind = 'mention' AND post_id = @postId",
                new { reader.Id, postId }), Is.EqualTo(1), "the mention notifies at publishing");
            Assert.That(await readerClient.GetStringAsync("/"), Does.Contain(title));
            if (!TestEngine.Postgres)
            {
                Assert.That(await readerClient.GetStringAsync("/search?q=" + word), Does.Contain($"data-post-id=\"{postId}\""), "found now");
            }
            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT COUNT(*) FROM drafts WHERE id = @id", new { id }), Is.Zero);
        }
        finally
        {
            await second.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public async Task A_draft_asked_as_a_question_keeps_the_switch_and_is_published_as_a_question_at_its_time()
    {
        var author = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var title = $"Titel {Word("Frage")}";
        var form = Form(title, "Wer weiß, wie das geht?", publishAt: Local(Minute(_clock.GetUtcNow().AddMinutes(30))));
        form["question"] = "true";
        var scheduled = await TestData.PostFormAsync(author, "/posts/new", "/drafts/schedule", form);
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await scheduled.Content.ReadAsStringAsync());
        var draftId = await TestData.ScalarAsync<long>(_app, "SELECT id FROM drafts WHERE title = @title", new { title });
        var editor = await TestData.GetPageAsync(author, $"/drafts/{draftId}/edit");
        Assert.That(editor.QuerySelector("input[name=question]")?.HasAttribute("checked"), Is.True, "the editor shows the draft as a question");

        _clock.Advance(TimeSpan.FromMinutes(31));
        var postId = await PublishedAsync(_app, title);

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM questions WHERE post_id = @postId", new { postId }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_scheduled_announcement_addresses_the_department_as_it_is_at_its_time()
    {
        var department = await TestData.DepartmentAsync(_app);
        var executive = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var title = $"Titel {Word("Rundschreiben")}";
        var form = Form(title, "Bitte beachten.", publishAt: Local(Minute(_clock.GetUtcNow().AddMinutes(30))));
        form["announcement.announce"] = "true";
        form["announcement.audience"] = "departments";
        form["announcement.departmentIds"] = Id(department);
        var scheduled = await TestData.PostFormAsync(executive, "/posts/new", "/drafts/schedule", form);
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await scheduled.Content.ReadAsStringAsync());
        var joinedLater = await TestData.PersonAsync(_app, Roles.Staff, department);

        _clock.Advance(TimeSpan.FromMinutes(31));
        var postId = await PublishedAsync(_app, title);

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM announcement_recipients WHERE post_id = @postId AND user_id = @Id",
            new { postId, joinedLater.Id }), Is.EqualTo(1), "addressed at publishing, not at scheduling");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE post_id = @postId AND recipient_id = @Id AND kind = 'announcement'",
            new { postId, joinedLater.Id }), Is.EqualTo(1), "and notified then");
    }

    [Test]
    public async Task The_author_moves_a_schedule_and_cancels_it_and_nothing_appears()
    {
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var title = $"Titel {Word("Verschoben")}";
        var first = Minute(_clock.GetUtcNow().AddHours(3));
        var id = await ScheduleNewAsync(_app, client, title, "Text", first);
        var editor = await TestData.GetPageAsync(client, $"/drafts/{Id(id)}/edit");
        Assert.That(editor.QuerySelector("input[name=publishAt]")!.GetAttribute("value"), Is.EqualTo(Local(first)), "the editor shows the time in the author's zone");
        Assert.That(editor.QuerySelector(".draft-scheduled")!.TextContent, Does.Contain("Geplant für"));

        var later = Minute(_clock.GetUtcNow().AddHours(5));
        var moved = await PostAsync(client, id, "/schedule", Form(title, "Text, überarbeitet", publishAt: Local(later)));

        Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT publish_at FROM drafts WHERE id = @id", new { id }), Is.EqualTo(later.ToUnixTimeMilliseconds()));
        _clock.Advance(TimeSpan.FromHours(4));
        await Task.Delay(300);
        Assert.That(await PostCountAsync(title), Is.Zero, "not at the first time any more");

        var cancelled = await PostAsync(client, id, "/unschedule", []);

        Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM drafts WHERE id = @id AND publish_at IS NULL AND body_md = 'Text, überarbeitet'", new { id }),
            Is.EqualTo(1), "a draft again, with its text");
        _clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(300);
        Assert.That(await PostCountAsync(title), Is.Zero, "nothing appears after a cancelled schedule");
    }

    [Test]
    public async Task A_time_in_the_past_or_too_far_ahead_is_refused_and_the_draft_stays_unscheduled()
    {
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var id = await NewAsync(client, "Termin", "Text");

        foreach (var at in new[] { _clock.GetUtcNow().AddMinutes(-5), _clock.GetUtcNow().AddDays(400) })
        {
            var response = await PostAsync(client, id, "/schedule", Form("Termin", "Text", publishAt: Local(at)));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Local(at));
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Veröffentlichungszeitpunkt"));
        }

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM drafts WHERE id = @id AND publish_at IS NULL", new { id }), Is.EqualTo(1));
    }

    private static async Task FollowAsync(HttpClient client, string kind, long id)
    {
        var response = await TestData.PostFormAsync(client, "/departments", "/follows", new() { ["kind"] = kind, ["id"] = Id(id), ["follow"] = "true" }, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static Task<long> NotificationCountAsync(BlogAppFactory app, TestPerson person) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id", person);

    [Test]
    public async Task Followers_of_the_author_and_of_its_topic_hear_of_a_scheduled_post_once_when_it_appears_not_when_it_is_scheduled()
    {
        var author = await TestData.PersonAsync(_app);
        var ofAuthor = await TestData.PersonAsync(_app);
        var ofTopic = await TestData.PersonAsync(_app);
        var ofBoth = await TestData.PersonAsync(_app);
        var key = Word("thema").ToLowerInvariant();
        var topic = await FollowTests.TopicAsync(_app, key);
        foreach (var (person, follows) in new[] { (ofAuthor, "person"), (ofTopic, "topic"), (ofBoth, "person"), (ofBoth, "topic") })
        {
            await FollowAsync(await TestData.SignedInClientAsync(_app, person), follows, follows == "person" ? author.Id : topic);
        }

        var title = $"Titel {Word("Gefolgt")}";
        await ScheduleNewAsync(_app, await TestData.SignedInClientAsync(_app, author), title, $"Neu zum Thema #{key}", Minute(_clock.GetUtcNow().AddMinutes(40)));

        foreach (var follower in new[] { ofAuthor, ofTopic, ofBoth })
        {
            Assert.That(await NotificationCountAsync(_app, follower), Is.Zero, "nothing while it is scheduled");
        }

        _clock.Advance(TimeSpan.FromMinutes(41));
        var postId = await PublishedAsync(_app, title);
        // Another pass of the publisher must not tell anyone again.
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(300);

        foreach (var follower in new[] { ofAuthor, ofTopic, ofBoth })
        {
            Assert.That(await NotificationCountAsync(_app, follower), Is.EqualTo(1), $"person {follower.Id}: one entry");
            Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT item_count FROM notifications WHERE recipient_id = @Id AND kind = 'post' AND post_id = @postId",
                new { follower.Id, postId }), Is.EqualTo(1), $"person {follower.Id}: 'posted', once");
        }
    }

    /// Waits in real time for the publisher to give the draft back to its author.
    private static async Task<string> RefusedAsync(BlogAppFactory app, long id)
    {
        for (var tries = 0; tries < 100; tries++)
        {
            var reason = await TestData.ScalarAsync<string?>(app, "SELECT COALESCE(refused_reason, '') FROM drafts WHERE id = @id", new { id });
            if (!string.IsNullOrEmpty(reason))
            {
                return reason;
            }

            await Task.Delay(100);
        }

        throw new AssertionException($"draft {id} was not refused");
    }

    [Test]
    public async Task A_schedule_that_cannot_be_kept_tells_its_author_why_in_their_language_and_keeps_every_word()
    {
        var department = await TestData.DepartmentAsync(_app);
        var executive = await TestData.PersonAsync(_app, Roles.Executive);
        var client = await TestData.SignedInClientAsync(_app, executive);
        var title = $"Titel {Word("Abgelehnt")}";
        var at = Minute(_clock.GetUtcNow().AddMinutes(50));
        var form = Form(title, "Bitte **genau** lesen.", publishAt: Local(at));
        form["announcement.announce"] = "true";
        form["announcement.audience"] = "departments";
        form["announcement.departmentIds"] = Id(department);
        Assert.That((await TestData.PostFormAsync(client, "/posts/new", "/drafts/schedule", form)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var id = await TestData.ScalarAsync<long>(_app, "SELECT id FROM drafts WHERE title = @title", new { title });
        // Between scheduling and its time the executive becomes staff: the announcement may not go out in their name.
        await TestData.ScalarAsync<long>(_app, "UPDATE users SET role = 'Staff' WHERE id = @Id RETURNING id", executive);

        _clock.Advance(TimeSpan.FromMinutes(51));

        Assert.That(await RefusedAsync(_app, id), Is.EqualTo("may_not_announce"));
        Assert.That(await PostCountAsync(title), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(_app,
            "SELECT COUNT(*) FROM drafts WHERE id = @id AND publish_at IS NULL AND refused_for = @ms AND body_md = 'Bitte **genau** lesen.' AND announcement LIKE '%departments%'",
            new { id, ms = at.ToUnixTimeMilliseconds() }), Is.EqualTo(1), "a draft again, with its text, its announcement and the time it was for");
        var created = await TestData.ScalarAsync<long>(_app, "SELECT created_at FROM notifications WHERE recipient_id = @recipient AND kind = 'schedule_refused' AND draft_id = @id",
            new { recipient = executive.Id, id });
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT visible_at FROM notifications WHERE recipient_id = @recipient AND draft_id = @id", new { recipient = executive.Id, id }),
            Is.EqualTo(WorkingHours.NextVisible(DateTimeOffset.FromUnixTimeMilliseconds(created), NotificationSettings.Default).ToUnixTimeMilliseconds()),
            "quiet hours apply as to every entry");

        var german = (await TestData.GetPageAsync(client, "/notifications")).QuerySelector(".notification-list")!.TextContent;
        Assert.That(german, Does.Contain(title).And.Contain("wurde nicht zur geplanten Zeit veröffentlicht").And.Contain("Nur Führungskräfte und Admins"));
        var list = (await TestData.GetPageAsync(client, "/drafts")).QuerySelector("#drafts-title + ul")!.TextContent;
        Assert.That(list, Does.Contain(title).And.Contain("Nicht veröffentlicht am").And.Contain("Nur Führungskräfte und Admins"));
        Assert.That((await TestData.GetPageAsync(client, $"/drafts/{Id(id)}/edit")).QuerySelector(".draft-refused")!.TextContent, Does.Contain("Nicht veröffentlicht am"));

        await TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = "en", ["returnUrl"] = "/" });
        var english = (await TestData.GetPageAsync(client, "/notifications")).QuerySelector(".notification-list")!.TextContent;
        Assert.That(english, Does.Contain("was not published at its time").And.Contain("its author no longer is one"));
        Assert.That((await TestData.GetPageAsync(client, "/drafts")).QuerySelector("#drafts-title + ul")!.TextContent, Does.Contain("Not published on"));

        var entry = await TestData.ScalarAsync<long>(_app, "SELECT id FROM notifications WHERE draft_id = @id", new { id });
        var opened = await client.GetAsync($"/notifications/{Id(entry)}");
        Assert.That(opened.Headers.Location!.OriginalString, Is.EqualTo($"/drafts/{Id(id)}/edit"), "the entry leads to the draft");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id", executive), Is.EqualTo(1),
            "told once, and nobody else is told of the draft");
    }

    [Test]
    public async Task A_deactivated_authors_schedule_becomes_a_draft_that_tells_them_when_they_come_back()
    {
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var title = $"Titel {Word("Verlassen")}";
        var id = await ScheduleNewAsync(_app, client, title, "Text", Minute(_clock.GetUtcNow().AddMinutes(20)));
        await TestData.DeactivateAsync(_app, author.Id);

        _clock.Advance(TimeSpan.FromMinutes(21));

        Assert.That(await RefusedAsync(_app, id), Is.EqualTo("author_inactive"));
        Assert.That(await PostCountAsync(title), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @recipient AND draft_id = @id", new { recipient = author.Id, id }),
            Is.EqualTo(1), "waiting in their notifications");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM drafts WHERE id = @id AND title = @title AND body_md = 'Text'", new { id, title }), Is.EqualTo(1));
    }

    [Test]
    public async Task Scheduling_again_or_publishing_the_refused_draft_puts_its_notice_away()
    {
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var title = $"Titel {Word("Erneut")}";
        var id = await ScheduleNewAsync(_app, client, title, "Text", Minute(_clock.GetUtcNow().AddMinutes(20)));
        await TestData.DeactivateAsync(_app, author.Id);
        _clock.Advance(TimeSpan.FromMinutes(21));
        await RefusedAsync(_app, id);
        await TestData.ScalarAsync<long>(_app, "UPDATE users SET is_active = 1 WHERE id = @Id RETURNING id", author);
        client = await TestData.SignedInClientAsync(_app, author);

        var published = await PostAsync(client, id, "/publish", Form(title, "Text"));

        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await published.Content.ReadAsStringAsync());
        Assert.That(await PostCountAsync(title), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE draft_id = @id", new { id }), Is.Zero, "the notice went with the draft");
        Assert.That((await TestData.GetPageAsync(client, "/notifications")).QuerySelector(".notification-list")!.TextContent, Does.Not.Contain(title));
    }

    [Test]
    public async Task A_must_read_due_before_its_publishing_time_is_refused_when_it_is_scheduled()
    {
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var at = _clock.GetUtcNow().AddDays(10);
        var form = Form($"Titel {Word("Frist")}", "Bitte bestätigen.", publishAt: Local(Minute(at)));
        form["announcement.announce"] = "true";
        form["announcement.audience"] = "company";
        form["announcement.mustRead"] = "true";
        form["announcement.due"] = at.AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts/schedule", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Die Frist liegt vor dem Veröffentlichungszeitpunkt"));
    }

    [Test]
    public async Task A_draft_that_breaks_publishing_is_given_back_and_does_not_hold_up_the_drafts_due_after_it()
    {
        var author = await TestData.PersonAsync(_app, Roles.Executive);
        var client = await TestData.SignedInClientAsync(_app, author);
        var broken = await ScheduleNewAsync(_app, client, $"Titel {Word("Kaputt")}", "Text", Minute(_clock.GetUtcNow().AddMinutes(10)));
        var title = $"Titel {Word("Danach")}";
        await ScheduleNewAsync(_app, client, title, "Text", Minute(_clock.GetUtcNow().AddMinutes(11)));
        // What no form writes: an announcement part that cannot be read back.
        await TestData.ScalarAsync<long>(_app, "UPDATE drafts SET announcement = '{not json' WHERE id = @broken RETURNING id", new { broken });

        _clock.Advance(TimeSpan.FromMinutes(12));

        await PublishedAsync(_app, title);
        Assert.That(await RefusedAsync(_app, broken), Is.EqualTo("refused"));
    }
}
