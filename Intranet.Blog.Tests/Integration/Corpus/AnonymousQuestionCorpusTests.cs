using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against anonymous questions: a question is refused (400, nothing stored) or shown as text in the queue
/// and on the private page and safely once released; a decline reason likewise; a wrong token opens nothing.
[Category("Corpus")]
public sealed class AnonymousQuestionCorpusTests : AppFixture
{
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task SignIn() => _admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

    private static IEnumerable<TestCaseData> Bodies() => DepartmentCorpusTests.Lines(["question.body"]);

    private static IEnumerable<TestCaseData> Reasons() => DepartmentCorpusTests.Lines(["question.declineReason"]);

    [Test]
    public void The_corpus_has_question_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["question.body", "question.declineReason", "question.token"]).Count(), Is.GreaterThanOrEqualTo(7));

    [TestCaseSource(nameof(Bodies))]
    public async Task A_hostile_question_is_refused_or_shown_as_text_and_released_safely(string input)
    {
        // A person of their own for each line: three questions a day each.
        var asker = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var text = SafeHtml.Expand(input);
        var before = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM anonymous_questions");

        var response = await AskForms.SendAsync(asker, text);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var refusal = await TestData.ParseAsync(response);
            SafeHtml.AssertSafe(refusal, "refusal");
            Assert.That(TestData.ErrorText(refusal), Does.Contain("Deine Frage"));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM anonymous_questions"), Is.EqualTo(before));
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var status = await TestData.GetPageAsync(asker, response.Headers.Location!.OriginalString);
        SafeHtml.AssertSafe(status, "private page");
        Assert.That(status.QuerySelector(".question-body")!.TextContent, Is.EqualTo(text.Trim()));
        var queue = await TestData.GetPageAsync(_admin, "/admin/questions");
        SafeHtml.AssertSafe(queue, "queue");
        var id = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM anonymous_questions");
        Assert.That(queue.QuerySelector($"#question-{id} .question-body")!.TextContent, Is.EqualTo(text.Trim()));

        var released = await AskForms.ReleaseAsync(_admin, id);
        var post = await TestData.GetPageAsync(_admin, released.Headers.Location!.OriginalString);
        SafeHtml.AssertSafe(post, "released question");
    }

    [TestCaseSource(nameof(Reasons))]
    public async Task A_hostile_decline_reason_is_refused_or_shown_as_text(string input)
    {
        var asker = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var token = await AskForms.AskAsync(asker, TestData.Unique("Frage"));
        var id = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM anonymous_questions");
        var reason = SafeHtml.Expand(input);

        var response = await AskForms.DeclineAsync(_admin, id, reason);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var refusal = await TestData.ParseAsync(response);
            SafeHtml.AssertSafe(refusal, "refusal");
            Assert.That(TestData.ErrorText(refusal), Does.Contain("Begründung"));
            Assert.That(refusal.QuerySelector($"#decline-{id}")?.GetAttribute("aria-invalid"), Is.EqualTo("true"), "the refusal is shown at the question's own form");
            Assert.That(await TestData.ScalarAsync<string>(App, "SELECT status FROM anonymous_questions WHERE id = @id", new { id }), Is.EqualTo("waiting"));
            return;
        }

        var status = await TestData.GetPageAsync(asker, $"/ask/{token}");
        SafeHtml.AssertSafe(status, "private page");
        Assert.That(status.QuerySelector(".decline-reason")!.TextContent, Is.EqualTo(reason.Trim()));
        SafeHtml.AssertSafe(await TestData.GetPageAsync(_admin, "/admin/questions"), "queue");
    }

    [Test]
    public async Task A_wrong_token_opens_nothing()
    {
        var asker = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var token = await AskForms.AskAsync(asker, TestData.Unique("Geheim"));
        var other = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var changed = (token[0] == 'A' ? "B" : "A") + token[1..];

        foreach (var guess in new[] { changed, token[..^1], token[..20], new string('a', 1000), "%2e%2e%2fadmin", "..%2fadmin%2fquestions" })
        {
            var response = await other.GetAsync($"/ask/{guess}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), guess);
        }

        Assert.That((await other.GetAsync($"/ask/{token}")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the link itself is the key, whoever holds it");
    }
}
