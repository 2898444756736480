using System.Net;
using System.Net.Http.Json;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Moderation;

/// Report → queue → hide with a reason → the author answers → restore, for posts and comments; nothing is ever
/// deleted or changed by a moderator, and each step is audited.
public sealed class ModerationTests : AppFixture
{
    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(string role = Roles.Staff)
    {
        var person = await TestData.PersonAsync(App, role);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private static Task<HttpResponseMessage> ReportAsync(HttpClient client, string url, string reason, string note = "") =>
        TestData.PostFormAsync(client, "/", url, new() { ["reason"] = reason, ["note"] = note });

    private static Task<HttpResponseMessage> HideAsync(HttpClient admin, string target, long id, string reason) =>
        TestData.PostFormAsync(admin, "/", target == "postId" ? $"/posts/{id}/hide" : $"/comments/{id}/hide", new() { ["reason"] = reason });

    private Task<long> ModerationIdAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT id FROM moderations WHERE post_id = @postId ORDER BY id DESC LIMIT 1", new { postId });

    private Task<long> AuditAsync(string action, string target) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log WHERE action = @action AND target = @target", new { action, target });

    // The posts a search for a word finds (a comment found leads to its post).
    private static async Task<string[]> SearchAsync(HttpClient client, string word) =>
        [.. (await TestData.GetPageAsync(client, "/search?q=" + Uri.EscapeDataString(word))).QuerySelectorAll("[data-search-results] li[data-post-id]").Select(li => li.GetAttribute("data-post-id")!)];

    private async Task<string> OutcomeAsync(HttpClient reporter) =>
        (await TestData.GetPageAsync(reporter, "/reports")).QuerySelector(".report-list li")!.TextContent;

    [Test]
    public async Task A_reported_post_hidden_with_a_reason_leaves_everyone_else_and_its_author_is_told_why()
    {
        var (author, authorClient) = await PersonAsync();
        var (reporterPerson, reporter) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var word = "Streitwort" + TestData.Unique("w").Replace("-", "", StringComparison.Ordinal);
        var id = await TestData.ArticleAsync(authorClient, "Scharfe Worte", $"Ein Text, über den man streiten kann: {word}");
        var foundBefore = await SearchAsync(reporter, word);

        var report = await ReportAsync(reporter, $"/posts/{id}/report", "harassment", "Das geht zu weit");
        var queue = await TestData.GetPageAsync(admin, "/admin/moderation");
        var hide = await HideAsync(admin, "postId", id, "Bitte sachlich bleiben");

        Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(queue.QuerySelector(".queue-item")!.TextContent, Does.Contain("Scharfe Worte").And.Contain("Das geht zu weit"));
        Assert.That(queue.Body!.TextContent, Does.Not.Contain(reporterPerson.Name), "the queue names no reporter");
        Assert.That(hide.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.Multiple(async () =>
        {
            Assert.That((await reporter.GetAsync($"/posts/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "hidden from everyone else");
            Assert.That((await TestData.GetPageAsync(reporter, "/")).QuerySelector($"article[data-post-id='{id}']"), Is.Null, "gone from the feed");
            Assert.That(foundBefore, Has.Length.EqualTo(1), "found before it was hidden");
            Assert.That(await SearchAsync(reporter, word), Is.Empty, "gone from search");
            Assert.That((await reporter.GetAsync($"/posts/{id}/history")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            var own = await TestData.GetPageAsync(authorClient, $"/posts/{id}");
            Assert.That(own.QuerySelector("#moderation")!.TextContent, Does.Contain("Bitte sachlich bleiben"), "its author reads the reason");
            Assert.That(own.QuerySelector(".prose")!.TextContent, Does.Contain("über den man streiten kann"), "nothing was changed");
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id AND kind = 'moderation'", author), Is.EqualTo(1));
            Assert.That(await OutcomeAsync(reporter), Does.Contain("Von der Moderation ausgeblendet"), "the reporter sees the outcome");
            Assert.That((await TestData.PostFormAsync(reporter, "/", $"/posts/{id}/comments", new() { ["body"] = "Noch ein Wort" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await AuditAsync("report.filed", $"post:{id}"), Is.EqualTo(1));
            Assert.That(await AuditAsync("moderation.hidden", $"post:{id}"), Is.EqualTo(1));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE id = @id AND deleted_at IS NULL", new { id }), Is.EqualTo(1), "never deleted");
        });
    }

    [Test]
    public async Task The_author_answers_once_and_a_restore_brings_the_post_back_for_everyone()
    {
        var (_, authorClient) = await PersonAsync();
        var (_, reader) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var id = await TestData.MicroAsync(authorClient, "Ein Kurzbeitrag zum Ausblenden");
        await HideAsync(admin, "postId", id, "Vertrauliches");
        var moderation = await ModerationIdAsync(id);

        var answer = await TestData.PostFormAsync(authorClient, $"/posts/{id}", $"/moderation/{moderation}/answer", new() { ["answer"] = "Das war mit der Abteilung abgesprochen" });
        var again = await TestData.PostFormAsync(authorClient, $"/posts/{id}", $"/moderation/{moderation}/answer", new() { ["answer"] = "Noch einmal" });
        var byOther = await TestData.PostFormAsync(reader, "/", $"/moderation/{moderation}/answer", new() { ["answer"] = "Ich bin nicht gemeint" });
        var queue = await TestData.GetPageAsync(admin, "/admin/moderation");
        var restore = await TestData.PostFormAsync(admin, "/", $"/admin/moderation/{moderation}/restore", []);

        Assert.Multiple(async () =>
        {
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(again)), Does.Contain("bereits geantwortet"));
            Assert.That(byOther.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(queue.Body!.TextContent, Does.Contain("Das war mit der Abteilung abgesprochen"), "admins read the answer");
            Assert.That(restore.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await reader.GetAsync($"/posts/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await TestData.GetPageAsync(reader, "/")).QuerySelector($"article[data-post-id='{id}']"), Is.Not.Null);
            Assert.That(await AuditAsync("moderation.answered", $"post:{id}"), Is.EqualTo(1));
            Assert.That(await AuditAsync("moderation.restored", $"post:{id}"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_hidden_comment_shows_as_hidden_to_others_and_uncounted_and_to_its_author_in_full()
    {
        var (_, authorClient) = await PersonAsync();
        var (_, postAuthor) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var postId = await TestData.ArticleAsync(postAuthor, "Diskussion", "Worum es geht");
        var word = "Kommentarwort" + TestData.Unique("w").Replace("-", "", StringComparison.Ordinal);
        var id = await TestData.CommentAsync(authorClient, postId, $"Ein unpassender Kommentar {word}");
        var foundBefore = await SearchAsync(postAuthor, word);

        var hide = await HideAsync(admin, "commentId", id, "Persönlicher Angriff");
        var others = await TestData.GetPageAsync(postAuthor, $"/posts/{postId}");
        var foundHidden = await SearchAsync(postAuthor, word);
        var own = await TestData.GetPageAsync(authorClient, $"/posts/{postId}");
        var count = await TestData.ScalarAsync<long>(App, "SELECT comment_count FROM posts WHERE id = @postId", new { postId });
        await TestData.PostFormAsync(admin, "/", $"/admin/moderation/{await ModerationIdAsync(postId)}/restore", []);

        Assert.Multiple(async () =>
        {
            Assert.That(hide.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(others.QuerySelector($"#comment-{id}")!.TextContent, Does.Contain("von der Moderation ausgeblendet").And.Not.Contain("unpassender"));
            Assert.That(own.QuerySelector($"#comment-{id}")!.TextContent, Does.Contain("unpassender"));
            Assert.That(own.QuerySelector("#moderation")!.TextContent, Does.Contain("Persönlicher Angriff"));
            Assert.That(count, Is.Zero, "a hidden comment is not counted");
            Assert.That(foundBefore, Has.Length.EqualTo(1));
            Assert.That(foundHidden, Is.Empty, "a hidden comment is not found by search");
            Assert.That(await SearchAsync(postAuthor, word), Has.Length.EqualTo(1), "restored, found again");
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT comment_count FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(1), "restored, counted again");
            Assert.That((await TestData.GetPageAsync(postAuthor, $"/posts/{postId}")).QuerySelector($"#comment-{id}")!.TextContent, Does.Contain("unpassender"));
            Assert.That(await AuditAsync("moderation.hidden", $"comment:{id}"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_dismissed_report_leaves_the_post_as_it_is_and_tells_the_reporter()
    {
        var (_, authorClient) = await PersonAsync();
        var (_, reporter) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var id = await TestData.MicroAsync(authorClient, "Harmlos");
        await ReportAsync(reporter, $"/posts/{id}/report", "spam");

        var dismiss = await TestData.PostFormAsync(admin, "/", "/admin/moderation/dismiss", new() { ["postId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(dismiss.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await reporter.GetAsync($"/posts/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await OutcomeAsync(reporter), Does.Contain("Geprüft und belassen"));
        Assert.That(await AuditAsync("report.dismissed", $"post:{id}"), Is.EqualTo(1));
        Assert.That((await TestData.GetPageAsync(admin, "/admin/moderation")).Body!.TextContent, Does.Not.Contain("Harmlos"));
    }

    [TestCase("nonsense", "", "Bitte einen Grund wählen.")]
    [TestCase("other", "", "Hinweis ist erforderlich.")]
    [TestCase("spam", "GEN", "Hinweis darf höchstens 1000 Zeichen lang sein.")]
    [TestCase("spam", "\0", "Ungültige Anfrage")]
    public async Task A_bad_report_is_refused_with_a_message_and_stores_nothing(string reason, string note, string message)
    {
        var (_, authorClient) = await PersonAsync();
        var (reporterPerson, reporter) = await PersonAsync();
        var id = await TestData.MicroAsync(authorClient, "Etwas");

        var response = await ReportAsync(reporter, $"/posts/{id}/report", reason, note == "GEN" ? new string('x', 1001) : note);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(response)).Body!.TextContent, Does.Contain(message));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reports WHERE reporter_id = @Id", reporterPerson), Is.Zero);
    }

    [Test]
    public async Task Nobody_reports_their_own_words_and_a_second_report_changes_nothing()
    {
        var (author, authorClient) = await PersonAsync();
        var (reporter, reporterClient) = await PersonAsync();
        var id = await TestData.MicroAsync(authorClient, "Meins");

        var own = await ReportAsync(authorClient, $"/posts/{id}/report", "spam");
        await ReportAsync(reporterClient, $"/posts/{id}/report", "spam");
        await ReportAsync(reporterClient, $"/posts/{id}/report", "other", "Nochmal");

        Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reports WHERE post_id = @id", new { id }), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reports WHERE reporter_id = @Id", author), Is.Zero);
        Assert.That(reporter.Id, Is.Not.EqualTo(author.Id));
    }

    [Test]
    public async Task Only_admins_moderate_and_never_their_own_words_and_a_reason_is_required()
    {
        var (_, staff) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var theirs = await TestData.MicroAsync(staff, "Von Staff");
        var mine = await TestData.MicroAsync(admin, "Vom Admin");

        Assert.Multiple(async () =>
        {
            Assert.That((await staff.GetAsync("/admin/moderation")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await HideAsync(staff, "postId", mine, "Retourkutsche")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await HideAsync(admin, "postId", mine, "Selbst")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            var empty = await HideAsync(admin, "postId", theirs, "   ");
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(empty)), Does.Contain("Begründung ist erforderlich."));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM moderations WHERE post_id IN (@theirs, @mine)", new { theirs, mine }), Is.Zero);
        });
    }

    /// What is pushed or served for catch-up carries nothing of a hidden post: its hiding arrives without html, and
    /// its earlier creation is rendered as it is now (hidden), so without html either.
    [Test]
    public async Task Live_messages_and_the_catch_up_carry_nothing_of_hidden_content()
    {
        var (_, authorClient) = await PersonAsync();
        var (_, reader) = await PersonAsync();
        var (_, admin) = await PersonAsync(Roles.Admin);
        var before = await TestData.ScalarAsync<long>(App, "SELECT COALESCE(MAX(id), 0) FROM events");
        var id = await TestData.MicroAsync(authorClient, "Gleich verschwunden");
        await HideAsync(admin, "postId", id, "Spam");

        var catchUp = (await reader.GetFromJsonAsync<CatchUp>($"/live/events?after={before}"))!;

        var ofPost = catchUp.Events.Where(e => e.PostId == id || e.TargetId == id).ToList();
        Assert.That(ofPost.Select(e => e.Kind), Is.SupersetOf(new[] { "post.created", "post.hidden" }));
        Assert.That(ofPost.Where(e => e.Html is not null), Is.Empty);
    }
}
