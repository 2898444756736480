using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// "Als Artikel fortsetzen" echoes whatever was in the micropost box into the article editor: every hostile post body
/// of the corpus comes back as typed, inside the textarea only, on a safe page, and nothing is stored.
[Category("Corpus")]
public sealed class ContinueAsArticleCorpusTests : AppFixture
{
    private HttpClient _client = null!;
    private TestPerson _author = null!;

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _author = await TestData.PersonAsync(App);
        _client = await TestData.SignedInClientAsync(App, _author);
    }

    // Wire-level inputs (raw bytes, a JSON body, NUL, which the form reader refuses first) are the post corpus tests' own.
    private static IEnumerable<TestCaseData> Bodies() => DepartmentCorpusTests.Lines(["post.body"])
        .Where(c => c.Arguments[0] is string input && !input.StartsWith("GEN:rawbytes", StringComparison.Ordinal)
            && !input.StartsWith("GEN:json", StringComparison.Ordinal) && !input.Contains('\0', StringComparison.Ordinal));

    [TestCaseSource(nameof(Bodies))]
    public async Task A_hostile_micropost_continued_as_an_article_comes_back_as_typed_and_safe(string input)
    {
        var text = SafeHtml.Expand(input);

        var response = await TestData.PostFormAsync(_client, "/", "/posts/as-article", new() { ["kind"] = "micro", ["body"] = text });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "article editor");
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo(text.StartsWith('\n') ? text[1..] : text));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = _author.Id }), Is.Zero);
    }
}
