using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
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
            Assert.That(await readerClient.GetStringAsync("/search?q=" + word), Does.Contain($"data-post-id=\"{postId}\""), "found now");
            Assert.That(await TestData.ScalarAsync<long>(second, "SELECT COUNT(*) FROM drafts WHERE id = @id", new { id }), Is.Zero);
        }
        finally
        {
            await second.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
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
}
