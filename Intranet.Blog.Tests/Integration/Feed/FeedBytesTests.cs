using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Feed;

/// Bytes on the wire (issue 24, bench/README.md): a feed card weighed 3.7 KB, of which the person's words were a few
/// hundred bytes; the rest was markup repeated on every card (six reaction buttons with a title, a hidden label and
/// an emoji each, indentation, empty attributes, a comment count's words). Bytes are not speed, so this holds them
/// with a fixed budget, counted the way a reader (not the author) receives the feed, token and all.
public sealed partial class FeedBytesTests : AppFixture
{
    /// What a card adds beyond its own content (the author's name and title, the text), in bytes, for a card with one
    /// reaction (the reader's own): 1,944 when the budget was first set (six buttons, a token and a way back on every
    /// card), 1,053 now (the page's one form, and only the kinds with a count); the token back on each card (about 250
    /// bytes) or all six kinds (about 750) go over it.
    private const int MarkupPerCard = 1_152;

    [GeneratedRegex("<article class=\"card .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Card();

    [GeneratedRegex("<div class=\"body\" dir=\"auto\">(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Body();

    [Test]
    public async Task A_card_adds_a_fixed_budget_of_markup_to_what_its_author_wrote()
    {
        var author = await TestData.PersonAsync(App);
        var authorClient = await TestData.SignedInClientAsync(App, author);
        for (var i = 0; i < 20; i++)
        {
            await TestData.MicroAsync(authorClient, $"Kurzer Beitrag Nummer {i} mit ein paar Wörtern.");
        }

        var reader = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var ids = (await TestData.GetPageAsync(reader, $"/?author={author.Id}")).QuerySelectorAll("article.card").Select(c => c.GetAttribute("data-post-id")!).ToList();
        var token = await TestData.TokenAsync(reader, "/");
        foreach (var id in ids)
        {
            using var like = new FormUrlEncodedContent(new Dictionary<string, string> { ["kind"] = "like", ["state"] = "true", ["__RequestVerificationToken"] = token });
            Assert.That((await reader.PostAsync($"/posts/{id}/reactions", like)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var response = await reader.GetAsync($"/?author={author.Id}");
        var html = await response.Content.ReadAsStringAsync();
        var cards = Card().Matches(html).Select(m => m.Value).ToList();
        var markup = cards.Select(card => Bytes(card) - Bytes(author.Name) - Bytes("Tester") - Bytes(Body().Match(card).Groups[1].Value)).ToList();
        TestContext.Out.WriteLine($"page {Bytes(html):N0} B, cards {cards.Sum(Bytes) / Math.Max(1, cards.Count):N0} B each, markup {markup.Max():N0} B at most");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(cards, Has.Count.EqualTo(20));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.That(page.QuerySelectorAll("form#act[method=post] input[name=__RequestVerificationToken]"), Has.Length.EqualTo(1), "the cards' reactions still post without script, through the page's one form");
        Assert.That(page.QuerySelectorAll("article.card a[data-react]"), Has.Length.EqualTo(20), "each card leads to all six kinds");
        Assert.That(page.QuerySelectorAll("article.card button[value=like][aria-pressed=true]"), Has.Length.EqualTo(20), "the reader's own reaction shows on each card");
        Assert.That(markup, Has.All.LessThanOrEqualTo(MarkupPerCard));
    }

    private static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);
}
