using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against a guide's own fields: every Markdown body (posts' and guides') as a guide, whose headings also
/// become the table of contents' ids and links; the review date; the hand-over's address; and a company pin's last day.
/// A refusal is 400 and changes nothing; an accepted guide is shown safely.
[Category("Corpus")]
public sealed class GuideCorpusTests : AppFixture
{
    private HttpClient _admin = null!;
    private long _department;

    [OneTimeSetUp]
    public async Task SignIn()
    {
        _department = await TestData.DepartmentAsync(App);
        _admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin, _department));
    }

    // Wire-level inputs (raw bytes, a JSON body, NUL, which the form reader refuses first) are the post corpus tests' own.
    private static IEnumerable<TestCaseData> Bodies() => DepartmentCorpusTests.Lines(["post.body", "guide.body"])
        .Where(c => c.Arguments[0] is string input && !input.StartsWith("GEN:rawbytes", StringComparison.Ordinal)
            && !input.StartsWith("GEN:json", StringComparison.Ordinal) && !input.Contains('\0', StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> ReviewDates() => DepartmentCorpusTests.Lines(["guide.reviewBy"]);

    private static IEnumerable<TestCaseData> Owners() => DepartmentCorpusTests.Lines(["guide.owner"]);

    private static IEnumerable<TestCaseData> PinEnds() => DepartmentCorpusTests.Lines(["pin.endsOn"]);

    [Test]
    public void The_corpus_has_guide_and_pin_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["guide.body", "guide.reviewBy", "guide.owner", "pin.endsOn"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(Bodies))]
    public async Task A_hostile_guide_body_is_refused_or_shown_safely_with_its_table_of_contents(string input)
    {
        var title = TestData.Unique("Anleitung");
        var response = await TestData.PostFormAsync(_admin, "/posts/new?kind=guide", "/posts", Support.Guides.Form(_department, title, SafeHtml.Expand(input)));

        var stored = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE title = @title", new { title });
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.That(stored, Is.Zero, "nothing stored");
            SafeHtml.AssertSafe(await TestData.ParseAsync(response), "refusal");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await TestData.GetPageAsync(_admin, response.Headers.Location!.OriginalString);
        SafeHtml.AssertSafe(page, "guide page");
        var ids = page.QuerySelectorAll("[id]").Select(e => e.Id!).ToList();
        Assert.That(ids, Is.Unique, "no heading takes an id the page has already");
        Assert.That(page.QuerySelectorAll(".prose [id]").Select(e => e.Id), Has.All.StartWith("toc-"), "the text's ids are the table of contents' own");
        Assert.That(page.QuerySelectorAll("nav.toc a").Select(a => a.GetAttribute("href")), Has.All.StartWith("#toc-"));
        Assert.That(page.QuerySelectorAll(".prose input").Select(i => i.HasAttribute("disabled")), Has.All.True, "task boxes are read-only");
    }

    [TestCaseSource(nameof(ReviewDates))]
    public async Task A_hostile_review_date_is_refused_and_nothing_is_stored(string input)
    {
        var title = TestData.Unique("Anleitung");
        var response = await TestData.PostFormAsync(_admin, "/posts/new?kind=guide", "/posts", Support.Guides.Form(_department, title, "Text", SafeHtml.Expand(input)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("datum").IgnoreCase);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE title = @title", new { title }), Is.Zero);
    }

    [TestCaseSource(nameof(Owners))]
    public async Task A_hostile_new_owner_is_refused_shown_as_text_and_the_owner_stays(string input)
    {
        var id = await Support.Guides.WriteAsync(_admin, _department, TestData.Unique("Anleitung"));
        var owner = await TestData.ScalarAsync<long>(App, "SELECT owner_id FROM posts WHERE id = @id", new { id });
        var address = SafeHtml.Expand(input);

        var response = await TestData.PostFormAsync(_admin, $"/posts/{Id(id)}", $"/guides/{Id(id)}/owner", new() { ["person"] = address });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Is.Not.Empty);
        if (address.Length <= 254)
        {
            Assert.That(TestData.ErrorText(page), Does.Contain(address), "the address it could not find, as text");
        }

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT owner_id FROM posts WHERE id = @id", new { id }), Is.EqualTo(owner));
    }

    [TestCaseSource(nameof(PinEnds))]
    public async Task A_hostile_last_day_of_a_company_pin_is_refused_and_nothing_is_pinned(string input)
    {
        var post = await TestData.MicroAsync(_admin, TestData.Unique("Wichtig"));

        var response = await TestData.PostFormAsync(_admin, "/", "/feed/pins", new() { ["postId"] = Id(post), ["endsOn"] = SafeHtml.Expand(input) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Is.Not.Empty);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM pins WHERE post_id = @post", new { post }), Is.Zero);
    }
}
