using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against polls: an option text is refused (400, nothing stored) or shown as text wherever the poll
/// appears; a hostile closing time is refused; ballots naming options the poll does not offer count nothing.
[Category("Corpus")]
public sealed class PollCorpusTests : AppFixture
{
    private static IEnumerable<TestCaseData> Options() => DepartmentCorpusTests.Lines(["poll.option"]);

    private static IEnumerable<TestCaseData> ClosingTimes() => DepartmentCorpusTests.Lines(["poll.closesAt"]);

    [Test]
    public void The_corpus_has_poll_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["poll.option", "poll.closesAt", "poll.vote"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(Options))]
    public async Task A_hostile_option_is_refused_or_shown_as_text_everywhere(string input)
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        var option = SafeHtml.Expand(input);

        var response = await PollForms.SendCreateAsync(client, [option, "Zweite"]);

        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var refusal = await TestData.ParseAsync(response);
            SafeHtml.AssertSafe(refusal, "refusal");
            Assert.That(TestData.ErrorText(refusal), Does.Contain("Umfrage-Antworten"));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", author), Is.Zero);
            return;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var postId = await TestData.ScalarAsync<long>(App, "SELECT id FROM posts WHERE author_id = @Id", author);
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT label FROM poll_options WHERE post_id = @postId AND position = 0", new { postId }), Is.EqualTo(option.Trim()));
        var options = await PollForms.OptionsAsync(client, postId);
        await PollForms.VoteAsync(client, postId, options[0]);
        foreach (var url in new[] { $"/posts/{postId}", $"/?author={author.Id}", $"/posts/{postId}/poll/voters" })
        {
            var page = await TestData.GetPageAsync(client, url);
            SafeHtml.AssertSafe(page, url);
            Assert.That(page.Body!.TextContent, Does.Contain(option.Trim()), url);
        }
    }

    [TestCaseSource(nameof(ClosingTimes))]
    public async Task A_hostile_closing_time_is_refused_and_nothing_is_stored(string input)
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);

        var response = await PollForms.SendCreateAsync(client, ["Eins", "Zwei"], closesAt: SafeHtml.Expand(input));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "refusal");
        Assert.That(TestData.ErrorText(page), Does.Contain("Umfrage endet"));
        Assert.That(page.QuerySelector("#poll-closes")?.GetAttribute("aria-invalid"), Is.EqualTo("true"), "the refusal is shown at the field");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", author), Is.Zero);
    }

    [TestCase("other")]
    [TestCase("two")]
    [TestCase("-1")]
    [TestCase("abc")]
    [TestCase("none")]
    public async Task A_ballot_with_options_the_poll_does_not_offer_counts_nothing(string kind)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await PollForms.CreateAsync(client, ["Ja", "Nein"], anonymous: true);
        var other = await PollForms.CreateAsync(client, ["Hier", "Dort"]);
        var options = await PollForms.OptionsAsync(client, postId);
        var foreign = await PollForms.OptionsAsync(client, other);
        string[] values = kind switch
        {
            "other" => [foreign[0].ToString(System.Globalization.CultureInfo.InvariantCulture)],
            "two" => [.. options.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            "none" => [],
            _ => [kind],
        };

        var response = await PollForms.VoteRawAsync(client, postId, values, await TestData.TokenAsync(client, "/"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        // Text where a number belongs is refused by the form binding, before the poll is looked at.
        var page = await TestData.ParseAsync(response);
        Assert.That((page.QuerySelector("main") ?? page.DocumentElement).TextContent, kind == "abc" ? Does.Contain("Ungültige Anfrage") : Does.Contain("Wähle eine der Antworten"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM poll_voters WHERE post_id = @postId", new { postId }), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT SUM(anonymous_votes) FROM poll_options WHERE post_id IN (@postId, @other)", new { postId, other }), Is.Zero);
    }
}
