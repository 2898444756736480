using System.Net;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Tests.Integration.AtomFeeds;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against Atom feeds: a hostile title or text reaches a feed as escaped XML (the document parses and
/// says what was typed), and only a current feed token of an active person opens a feed, for scopes that exist.
[Category("Corpus")]
public sealed class FeedCorpusTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(settings: new Dictionary<string, string> { ["Intranet:Limits:WritesPerMinute"] = "1000000" });

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    // Lines that describe a request body rather than a title are the post form's own corpus.
    private static IEnumerable<TestCaseData> Titles() =>
        DepartmentCorpusTests.Lines(["post.title", "mail.subject"]).Where(c => !((string)c.Arguments[0]!).StartsWith("GEN:json", StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> Tokens() => DepartmentCorpusTests.Lines(["feed.token"]);

    [Test]
    public void The_corpus_has_feed_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["feed.token", "feed.scope"]).Count(), Is.GreaterThanOrEqualTo(7));

    [TestCaseSource(nameof(Titles))]
    public async Task A_hostile_title_reaches_the_feed_as_escaped_text(string input)
    {
        var title = SafeHtml.Expand(input);
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var response = await TestData.PostFormAsync(client, "/posts/new", "/posts", new() { ["kind"] = "article", ["title"] = title, ["body"] = "Ein Text <b>mit</b> Markup" });
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var postId = long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var stored = await TestData.ScalarAsync<string>(_app, "SELECT title FROM posts WHERE id = @postId", new { postId });
        var feed = await Atom.ReadAsync(_app, (await Atom.AddressesAsync(client))[0].Path);
        var entry = feed.Root!.Elements(Atom.Ns + "entry").Single(e => e.Element(Atom.Ns + "id")!.Value.EndsWith($":post:{postId}", StringComparison.Ordinal));

        Assert.That(entry.Element(Atom.Ns + "title")!.Value, Is.EqualTo(Intranet.Blog.Features.AtomFeeds.AtomWriter.Clean(stored)));
        Assert.That(entry.Element(Atom.Ns + "title")!.Elements(), Is.Empty, "text, not markup");
        Assert.That(entry.Element(Atom.Ns + "content")!.Value, Does.Contain("&lt;b&gt;mit&lt;/b&gt;"), "the post's markup is the sanitized page HTML, as text");
    }

    [TestCaseSource(nameof(Tokens))]
    public async Task Only_a_current_feed_token_opens_a_feed(string input)
    {
        var person = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, person);
        var current = Atom.Token((await Atom.AddressesAsync(client))[0].Path);
        string? setPassword = null;
        var token = input switch
        {
            "{an unsubscribe link's token}" => _app.Service<UnsubscribeLinks>().Token(person.Id, MailKinds.Digest),
            "{a set-password link's token}" => setPassword = await _app.Service<Intranet.Blog.Features.Links.OneTimeLinks>().IssueAsync(
                Intranet.Blog.Features.Links.LinkPurposes.SetPassword, person.Id, DateTimeOffset.UtcNow.AddDays(1), default),
            "{the renewed token's predecessor}" => await RenewedAwayAsync(client, current),
            _ => SafeHtml.Expand(input),
        };

        Assert.That(await Atom.StatusAsync(_app, "/atom/company.atom?token=" + Uri.EscapeDataString(token)), Is.EqualTo(HttpStatusCode.NotFound));
        if (setPassword is not null)
        {
            Assert.That((await _app.CreateClient().GetAsync("/account/set-password?token=" + Uri.EscapeDataString(setPassword))).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [TestCase("/atom/departments/-1.atom")]
    [TestCase("/atom/people/99999999999.atom")]
    [TestCase("/atom/topics/..%2F..%2Fetc%2Fpasswd.atom")]
    [TestCase("/atom/topics/%3Cscript%3E.atom")]
    public async Task A_scope_that_does_not_exist_is_not_found_even_with_a_good_token(string path)
    {
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var token = Atom.Token((await Atom.AddressesAsync(client))[0].Path);
        var response = await _app.CreateClient(new() { HandleCookies = false }).GetAsync(path + "?token=" + token);

        Assert.That((int)response.StatusCode, Is.EqualTo(404).Or.EqualTo(400));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("<script>").And.Not.Contain("   at "));
    }

    private static async Task<string> RenewedAwayAsync(HttpClient client, string current)
    {
        await TestData.PostFormAsync(client, "/feeds", "/feeds/renew", []);
        return current;
    }
}
