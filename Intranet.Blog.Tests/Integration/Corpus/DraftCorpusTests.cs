using System.Net;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.DraftForms;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against drafts: the publishing time and the co-authors are refused with a message shown as text and
/// store nothing; another person's draft id opens and changes nothing.
[Category("Corpus")]
public sealed class DraftCorpusTests : AppFixture
{
    private static IEnumerable<TestCaseData> PublishTimes() => DepartmentCorpusTests.Lines(["draft.publishAt"]);

    private static IEnumerable<TestCaseData> CoAuthors() => DepartmentCorpusTests.Lines(["draft.coAuthors"]);

    [Test]
    public void The_corpus_has_draft_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["draft.publishAt", "draft.coAuthors", "draft.id"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(PublishTimes))]
    public async Task A_hostile_publishing_time_is_refused_and_nothing_is_stored(string input)
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);

        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts/schedule", Form("Geplant", "Text", publishAt: SafeHtml.Expand(input)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("Veröffentlich"));
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo("Text"), "the text typed is shown again");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM drafts WHERE author_id = @Id", author), Is.Zero);
    }

    [TestCaseSource(nameof(CoAuthors))]
    public async Task A_hostile_co_author_list_is_refused_as_text_and_nothing_is_stored(string input)
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);

        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts", Form("Gemeinsam", "Text", coAuthors: SafeHtml.Expand(input)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("Niemand heißt").Or.Contain("höchstens"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM drafts WHERE author_id = @Id", author), Is.Zero);
    }

    [Test]
    public async Task Another_persons_draft_id_opens_and_changes_nothing()
    {
        var owner = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var stranger = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await NewAsync(owner, "Privat", "Nur meins");
        var later = Local(DateTimeOffset.UtcNow.AddDays(1));

        Assert.That((await stranger.GetAsync($"/drafts/{Id(id)}/edit")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        foreach (var action in new[] { "", "/schedule", "/publish", "/unschedule", "/delete" })
        {
            var response = await PostAsync(stranger, id, action, Form("Übernommen", "Fremder Text", publishAt: later));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"POST /drafts/{{id}}{action}");
        }

        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT title || '|' || body_md || '|' || COALESCE(CAST(publish_at AS TEXT), '-') FROM drafts WHERE id = @id", new { id }),
            Is.EqualTo("Privat|Nur meins|-"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE title IN ('Privat', 'Übernommen')"), Is.Zero);
    }
}
