using System.Net;
using System.Text.Json;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against idea rounds: an idea's title and text, a round's question, closing time and departments, a
/// support and an outcome's chosen ideas are refused (nothing stored, what was typed comes back) or kept as typed and
/// shown as text wherever they appear: the round's page, its card, the live fragment, the list, the outcome.
[Category("Corpus")]
public sealed class IdeaCorpusTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(
        settings: new Dictionary<string, string> { ["Intranet:Limits:WritesPerMinute"] = "1000000" },
        services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private static IEnumerable<TestCaseData> Titles() => DepartmentCorpusTests.Lines(["idea.title"]);

    private static IEnumerable<TestCaseData> Bodies() => DepartmentCorpusTests.Lines(["idea.body"]);

    private static IEnumerable<TestCaseData> Questions() => DepartmentCorpusTests.Lines(["round.question"]);

    private static IEnumerable<TestCaseData> ClosingTimes() => DepartmentCorpusTests.Lines(["round.closesAt"]);

    [Test]
    public void The_corpus_has_idea_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["idea.title", "idea.body", "round.question", "round.closesAt", "round.departments", "idea.support", "outcome.chosen"]).Count(),
            Is.GreaterThanOrEqualTo(18));

    private async Task<(HttpClient Opener, long Round)> RoundAsync(TimeSpan? open = null)
    {
        var opener = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        return (opener, await IdeaForms.OpenAsync(opener, "Eine Sammlung", _clock.GetUtcNow() + (open ?? TimeSpan.FromDays(3))));
    }

    [TestCaseSource(nameof(Titles))]
    public async Task A_hostile_idea_title_is_refused_or_shown_as_text_everywhere_the_outcome_included(string input)
    {
        var (opener, round) = await RoundAsync(TimeSpan.FromHours(1));
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var title = SafeHtml.Expand(input);
        var after = await TestData.ScalarAsync<long>(_app, "SELECT MAX(id) FROM events");

        var response = await IdeaForms.SendIdeaAsync(client, round, title, "Der Text dazu");

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await AssertRefusedAsync(response, author, "Idee", "#idea-body", "Der Text dazu");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var idea = await TestData.ScalarAsync<long>(_app, "SELECT id FROM ideas WHERE author_id = @Id", author);
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT title FROM ideas WHERE id = @idea", new { idea }), Is.EqualTo(title.Trim()));
        await AssertShownAsTextAsync(client, title.Trim(), $"/posts/{round}", "/");
        AssertSafeFragments(await LiveHtmlAsync(client, after), title.Trim());

        _clock.Advance(TimeSpan.FromHours(2));
        await AssertShownAsTextAsync(opener, title.Trim(), $"/posts/{round}/outcome");
        var closed = await IdeaForms.CloseAsync(opener, round, "Ergebnis", "Wir machen das.", idea);
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await closed.Content.ReadAsStringAsync());
        var outcome = await TestData.GetPageAsync(client, closed.Headers.Location!.OriginalString);
        SafeHtml.AssertSafe(outcome, "outcome");
        var body = outcome.QuerySelector("[data-post-body]")!;
        Assert.That(body.TextContent, Does.Contain(title.Trim()), "the outcome names the idea in its own words");
        Assert.That(body.QuerySelectorAll("a").Select(a => a.GetAttribute("href")), Is.All.StartWith($"/posts/{round}"), "the only links are the generated ones");
        Assert.That(body.QuerySelectorAll("strong, em, img"), Has.Length.EqualTo(1), "only the list's own heading is bold");
    }

    [TestCaseSource(nameof(Bodies))]
    public async Task A_hostile_idea_text_is_refused_or_shown_as_text_with_its_lines(string input)
    {
        var (_, round) = await RoundAsync();
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var text = SafeHtml.Expand(input);

        var response = await IdeaForms.SendIdeaAsync(client, round, "Ein Titel", text);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await AssertRefusedAsync(response, author, "Beschreibung der Idee", "#idea-title", "Ein Titel", attribute: "value");
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await TestData.GetPageAsync(client, $"/posts/{round}");
        SafeHtml.AssertSafe(page, "round");
        Assert.That(page.QuerySelector(".idea-body")!.TextContent, Is.EqualTo(text.Trim()));
    }

    [TestCaseSource(nameof(Questions))]
    public async Task A_hostile_question_is_refused_or_the_rounds_title_as_text(string input)
    {
        var opener = await TestData.PersonAsync(_app, Roles.Executive);
        var client = await TestData.SignedInClientAsync(_app, opener);
        var question = SafeHtml.Expand(input);

        var response = await IdeaForms.SendOpenAsync(client, question, "Worum es geht", IdeaForms.Local(_clock.GetUtcNow().AddDays(2)));

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var refusal = await TestData.ParseAsync(response);
            SafeHtml.AssertSafe(refusal, "refusal");
            Assert.That(TestData.ErrorText(refusal), Does.Contain("Frage"));
            Assert.That(refusal.QuerySelector("#round-question")!.GetAttribute("aria-invalid"), Is.EqualTo("true"), "shown at the field");
            Assert.That(refusal.QuerySelector("#round-about")!.TextContent, Is.EqualTo("Worum es geht"));
            Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", opener), Is.Zero);
            return;
        }

        var round = IdeaForms.AnchoredId(response, "/posts/", "#ideas");
        await AssertShownAsTextAsync(client, question.Trim(), $"/posts/{round}", "/ideas", "/");
    }

    [TestCaseSource(nameof(ClosingTimes))]
    public async Task A_hostile_closing_time_is_refused_at_the_field_and_nothing_is_stored(string input)
    {
        var opener = await TestData.PersonAsync(_app, Roles.Executive);
        var client = await TestData.SignedInClientAsync(_app, opener);

        var response = await IdeaForms.SendOpenAsync(client, "Eine Frage", "Text", SafeHtml.Expand(input));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("Ideen").And.Match("kein Datum|in der Zukunft"));
        Assert.That(page.QuerySelector("#round-closes")!.GetAttribute("aria-invalid"), Is.EqualTo("true"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", opener), Is.Zero);
    }

    [TestCase("abc", false, HttpStatusCode.BadRequest)]
    [TestCase("-1", false, HttpStatusCode.BadRequest)]
    [TestCase("99999999", false, HttpStatusCode.BadRequest)]
    [TestCase("abc", true, HttpStatusCode.BadRequest)]
    [TestCase("other", true, HttpStatusCode.Forbidden)]
    public async Task A_department_the_opener_may_not_ask_or_that_names_nothing_is_refused(string value, bool influencer, HttpStatusCode expected)
    {
        var mine = await TestData.DepartmentAsync(_app);
        var other = await TestData.DepartmentAsync(_app);
        var opener = await TestData.PersonAsync(_app, influencer ? Roles.Staff : Roles.Executive, mine);
        if (influencer)
        {
            await OrgTree.AppointAsync(_app, mine, opener.Id);
        }

        var client = await TestData.SignedInClientAsync(_app, opener);
        var fields = new List<KeyValuePair<string, string>>
        {
            new("question", "Frage"), new("about", "Text"), new("closesAt", IdeaForms.Local(_clock.GetUtcNow().AddDays(2))),
            new("departments", value == "other" ? OrgTree.Id(other) : value), new("__RequestVerificationToken", await TestData.TokenAsync(client, "/")),
        };

        var response = await client.PostAsync("/ideas/new", new FormUrlEncodedContent(fields));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        // Letters are unreadable and refused before the form (UnreadableValueFilter); an id is checked by the round.
        if (expected == HttpStatusCode.BadRequest && value != "abc")
        {
            Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Unbekannte Abteilung"));
        }

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", opener), Is.Zero, "never read as the whole company");
    }

    [TestCase("abc", HttpStatusCode.BadRequest)]
    [TestCase(null, HttpStatusCode.BadRequest)]
    [TestCase("missing", HttpStatusCode.NotFound)]
    [TestCase("own", HttpStatusCode.Forbidden)]
    public async Task A_support_that_is_neither_true_nor_false_or_for_no_such_idea_counts_nothing(string? value, HttpStatusCode expected)
    {
        var (_, round) = await RoundAsync();
        var author = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var idea = await IdeaForms.IdeaAsync(author, round, "Eine Idee");
        var client = value == "own" ? author : await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", await TestData.TokenAsync(client, "/")) };
        if (value is "abc")
        {
            fields.Add(new("support", value));
        }
        else if (value is "missing" or "own")
        {
            fields.Add(new("support", "true"));
        }

        var response = await client.PostAsync($"/ideas/{(value == "missing" ? 99_999_999 : idea)}/support", new FormUrlEncodedContent(fields));

        Assert.That(response.StatusCode, Is.EqualTo(expected));
        SafeHtml.AssertSafe(await TestData.ParseAsync(response), "refusal");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_supports WHERE idea_id = @idea", new { idea }), Is.Zero);
    }

    [TestCase("foreign")]
    [TestCase("abc")]
    public async Task An_outcome_choosing_what_is_no_idea_of_the_round_stores_nothing_and_tells_nobody(string kind)
    {
        var (opener, round) = await RoundAsync(TimeSpan.FromHours(1));
        var (_, elsewhere) = await RoundAsync();
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        await IdeaForms.IdeaAsync(client, round, "Eigene Idee");
        var foreign = await IdeaForms.IdeaAsync(client, elsewhere, "Fremde Idee");
        _clock.Advance(TimeSpan.FromHours(2));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("title", "Ergebnis"), new("text", "Text"), new("chosen", kind == "abc" ? "abc" : OrgTree.Id(foreign)),
            new("__RequestVerificationToken", await TestData.TokenAsync(opener, "/")),
        };

        var response = await opener.PostAsync($"/posts/{round}/outcome", new FormUrlEncodedContent(fields));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        if (kind == "foreign")
        {
            var page = await TestData.ParseAsync(response);
            Assert.That(TestData.ErrorText(page), Does.Contain("Wähle unter den Ideen dieser Sammlung"));
            Assert.That(page.QuerySelector("#outcome-text")!.TextContent, Is.EqualTo("Text"), "what was typed comes back");
        }

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM idea_rounds WHERE post_id = @round AND outcome_post_id IS NULL", new { round }), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id AND kind = 'idea_chosen'", author), Is.Zero);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, TestPerson author, string field, string keptSelector, string kept, string? attribute = null)
    {
        var refusal = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(refusal, "refusal");
        Assert.That(TestData.ErrorText(refusal), Does.Contain(field));
        var keptElement = refusal.QuerySelector(keptSelector)!;
        Assert.That(attribute is null ? keptElement.TextContent : keptElement.GetAttribute(attribute), Is.EqualTo(kept), "the other field comes back as typed");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM ideas WHERE author_id = @Id", author), Is.Zero);
    }

    private static async Task AssertShownAsTextAsync(HttpClient client, string text, params string[] urls)
    {
        foreach (var url in urls)
        {
            var page = await TestData.GetPageAsync(client, url);
            SafeHtml.AssertSafe(page, url);
            Assert.That(page.Body!.TextContent, Does.Contain(text), url);
        }
    }

    /// The cards the live pipeline pushed since after, in every language they carry.
    private static async Task<IReadOnlyList<string>> LiveHtmlAsync(HttpClient client, long after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/live/events?after={after}");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "post.ideas" && e.GetProperty("html").ValueKind == JsonValueKind.Object)
            .SelectMany(e => e.GetProperty("html").EnumerateObject().Select(h => h.Value.GetString()!)).ToList();
    }

    private static void AssertSafeFragments(IReadOnlyList<string> fragments, string text)
    {
        Assert.That(fragments, Is.Not.Empty, "the new idea went live");
        foreach (var html in fragments)
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<html><body>{html}</body></html>");
            SafeHtml.AssertSafe(document, "live fragment");
            Assert.That(document.Body!.TextContent, Does.Contain(text));
        }
    }
}
