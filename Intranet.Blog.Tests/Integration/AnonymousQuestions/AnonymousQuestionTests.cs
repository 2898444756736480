using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.AnonymousQuestions;

/// Asking leadership anonymously: the private link, the moderators' release and decline, who may do what, and the
/// daily limit that counts without knowing who.
public sealed class AnonymousQuestionTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;
    private TestPerson _adminPerson = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));
        _adminPerson = await TestData.PersonAsync(_app, Roles.Admin, name: TestData.Unique("Moderatorin"));
        _admin = await TestData.SignedInClientAsync(_app, _adminPerson);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private async Task<HttpClient> StaffAsync() => await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));

    [Test]
    public async Task A_question_waits_under_its_private_link_and_in_the_moderators_queue()
    {
        var asker = await StaffAsync();
        var text = TestData.Unique("Warum wird die Kantine geschlossen?");

        var token = await AskForms.AskAsync(asker, text);

        var status = await TestData.GetPageAsync(asker, $"/ask/{token}");
        Assert.That(status.QuerySelector("[data-question-status]")!.TextContent, Does.Contain("Wartet auf die Moderation"));
        Assert.That(status.QuerySelector(".question-body")!.TextContent, Is.EqualTo(text));
        Assert.That(token, Has.Length.GreaterThanOrEqualTo(43), "32 random bytes");
        var queue = await TestData.GetPageAsync(_admin, "/admin/questions");
        Assert.That(queue.QuerySelector("[data-question-queue]")!.TextContent, Does.Contain(text));
        var stranger = await StaffAsync();
        Assert.That((await stranger.GetAsync($"/ask/{token}x")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await stranger.GetAsync("/ask/" + new string('A', 43))).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_released_question_is_an_article_titled_Anonyme_Frage_by_the_moderator_and_the_asker_finds_it()
    {
        var asker = await StaffAsync();
        var text = TestData.Unique("Wann kommt die Homeoffice-Regelung?");
        var token = await AskForms.AskAsync(asker, text);
        var id = await AskForms.IdAsync(_app, text);
        var executivePerson = await TestData.PersonAsync(_app, Roles.Executive);

        var response = await AskForms.ReleaseAsync(_admin, id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var postId = long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id AND kind = 'anonymous_question' AND post_id = @postId", new { executivePerson.Id, postId }),
            Is.EqualTo(1), "leadership hears the question is put to them (quiet hours decide when it shows)");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.kind = 'anonymous_question' AND n.post_id = @postId AND u.role <> 'Executive'", new { postId }),
            Is.Zero, "only executives");
        var executive = await TestData.SignedInClientAsync(_app, executivePerson);
        var page = await TestData.GetPageAsync(executive, $"/posts/{postId}");
        Assert.That(page.QuerySelector("h1.post-title")!.TextContent, Is.EqualTo("Anonyme Frage"));
        Assert.That(page.QuerySelector("[data-post-body]")!.TextContent, Does.Contain(text));
        Assert.That(page.QuerySelector(".byline .name")!.TextContent, Is.EqualTo(_adminPerson.Name), "the moderator answers for the release");
        await TestData.CommentAsync(executive, postId, "Im Januar.");
        var status = await TestData.GetPageAsync(asker, $"/ask/{token}");
        Assert.That(status.QuerySelector("[data-question-status]")!.TextContent, Does.Contain("Freigegeben"));
        Assert.That(status.QuerySelector($"[data-question-status] a[href='/posts/{postId}']"), Is.Not.Null);
        var audit = await TestData.GetPageAsync(_admin, "/admin/audit");
        Assert.That(audit.Body!.TextContent, Does.Contain($"{_adminPerson.Name} hat die anonyme Frage Nr. {id} freigegeben."));

        var moderatorsView = await TestData.GetPageAsync(_admin, $"/posts/{postId}");
        Assert.That(moderatorsView.QuerySelector($"a[href='/posts/{postId}/edit']"), Is.Null, "the asker's words are not the moderator's to change");
        Assert.That((await _admin.GetAsync($"/posts/{postId}/edit")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var edit = await TestData.PostFormAsync(_admin, $"/posts/{postId}", $"/posts/{postId}/edit", new() { ["kind"] = "article", ["title"] = "Anonyme Frage", ["body"] = "Andere Worte" });
        Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT body_md FROM posts WHERE id = @postId", new { postId }), Is.EqualTo(text));

        var again = await AskForms.ReleaseAsync(_admin, id);
        Assert.That(again.Headers.Location?.OriginalString, Is.EqualTo("/admin/questions"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE body_md = @text", new { text }), Is.EqualTo(1), "released once");
    }

    [Test]
    public async Task A_declined_question_shows_the_moderators_reason_to_the_asker_and_a_decline_needs_a_reason()
    {
        var asker = await StaffAsync();
        var text = TestData.Unique("Wer hat das entschieden, Herr Maier?");
        var token = await AskForms.AskAsync(asker, text);
        var id = await AskForms.IdAsync(_app, text);

        var empty = await AskForms.DeclineAsync(_admin, id, "   ");
        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(empty)), Does.Contain("Begründung ist erforderlich"));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT status FROM anonymous_questions WHERE id = @id", new { id }), Is.EqualTo("waiting"));

        var declined = await AskForms.DeclineAsync(_admin, id, "Bitte ohne Namen von Kolleg:innen fragen.");

        Assert.That(declined.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var status = await TestData.GetPageAsync(asker, $"/ask/{token}");
        Assert.That(status.QuerySelector("[data-question-status]")!.TextContent, Does.Contain("Abgelehnt").And.Contain("Bitte ohne Namen von Kolleg:innen fragen.").And.Contain(_adminPerson.Name));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE body_md = @text", new { text }), Is.Zero);
    }

    [Test]
    public async Task Only_admins_see_the_queue_and_release_or_decline()
    {
        var asker = await StaffAsync();
        var text = TestData.Unique("Eine Frage");
        await AskForms.AskAsync(asker, text);
        var id = await AskForms.IdAsync(_app, text);
        var executive = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));

        foreach (var client in new[] { asker, executive })
        {
            Assert.That((await client.GetAsync("/admin/questions")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await AskForms.ReleaseAsync(client, id)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await AskForms.DeclineAsync(client, id, "Nein")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT status FROM anonymous_questions WHERE id = @id", new { id }), Is.EqualTo("waiting"));
    }

    [Test]
    public async Task A_person_asks_at_most_three_questions_a_day()
    {
        var asker = await StaffAsync();
        for (var i = 0; i < 3; i++)
        {
            await AskForms.AskAsync(asker, TestData.Unique("Frage"));
        }

        var fourth = await AskForms.SendAsync(asker, "Noch eine");

        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(fourth)), Does.Contain("heute schon 3 Fragen"));
        Assert.That((await AskForms.SendAsync(await StaffAsync(), TestData.Unique("Andere Person"))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "others are not held up");
        _clock.Advance(TimeSpan.FromHours(24));
        Assert.That((await AskForms.SendAsync(asker, TestData.Unique("Am nächsten Tag"))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task An_empty_or_too_long_question_is_refused_and_nothing_is_stored()
    {
        var asker = await StaffAsync();
        var before = await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM anonymous_questions");

        var empty = await AskForms.SendAsync(asker, "  \n ");
        var long_ = await AskForms.SendAsync(asker, new string('x', 2001));

        Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(long_.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(long_)), Does.Contain("höchstens 2000 Zeichen"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM anonymous_questions"), Is.EqualTo(before));
    }
}
