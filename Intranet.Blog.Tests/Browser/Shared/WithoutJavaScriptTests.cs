using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Shared;

/// Scripts only enhance: with JavaScript off every form posts and redirects.
public sealed class WithoutJavaScriptTests : BrowserTest
{
    [Test]
    public async Task Signing_in_reading_posting_commenting_and_reacting_work_with_forms_alone()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", javaScript: false);
        await Expect(page.Locator("[data-feed] > article").First).ToBeVisibleAsync();
        var text = TestData.Unique("Ohne Skript gepostet");
        var comment = TestData.Unique("Ohne Skript kommentiert");

        var id = await Feeds.PostMicroAsync(page, text);
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo("/"));
        await Expect(page.Locator("[data-feed] > article").First).ToHaveAttributeAsync("id", $"post-{id}");

        await Feeds.Card(page, text).GetByRole(AriaRole.Link, new() { Name = "0 Kommentare" }).ClickAsync();
        await page.GetByLabel("Dein Kommentar").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-thread]").GetByText(comment)).ToBeVisibleAsync();
        await Expect(page.Locator("[data-comment-total]")).ToHaveTextAsync("(1)");

        var like = page.Locator(".post-page").GetByRole(AriaRole.Button, new() { Name = "Gefällt mir" });
        await like.ClickAsync();
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like).ToContainTextAsync("1");
        Assert.That(new Uri(page.Url).AbsolutePath, Is.EqualTo($"/posts/{id}"));

        // A comment's bar shows only the kinds with a count; its "Reagieren" link leads to all six.
        var thread = page.Locator("[data-thread] article").Filter(new() { HasText = comment });
        await Expect(thread.GetByRole(AriaRole.Button, new() { Name = "Aufschlussreich" })).ToHaveCountAsync(0);
        await thread.GetByRole(AriaRole.Link, new() { Name = "Reagieren" }).ClickAsync();
        var insightful = page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Aufschlussreich" });
        await insightful.ClickAsync();
        await Expect(insightful).ToHaveAttributeAsync("aria-pressed", "true");
        await page.GetByRole(AriaRole.Link, new() { Name = "Zurück zum Beitrag" }).ClickAsync();
        var commentLike = page.Locator("[data-thread] article").Filter(new() { HasText = comment }).GetByRole(AriaRole.Button, new() { Name = "Aufschlussreich" });
        await Expect(commentLike).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(commentLike).ToContainTextAsync("1");

        // A card's own reaction is taken back from the feed, through the page's one reactions form.
        await page.GotoAsync("/");
        var cardLike = Feeds.Card(page, text).GetByRole(AriaRole.Button, new() { Name = "Gefällt mir" });
        await Expect(cardLike).ToHaveAttributeAsync("aria-pressed", "true");
        await cardLike.ClickAsync();
        Assert.That(new Uri(page.Url).Fragment, Is.EqualTo($"#post-{id}"), "back at the card");
        await Expect(Feeds.Card(page, text).GetByRole(AriaRole.Button, new() { Name = "Gefällt mir" })).ToHaveCountAsync(0);
    }
}
