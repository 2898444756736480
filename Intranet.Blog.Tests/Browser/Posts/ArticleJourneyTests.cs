using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Posts;

public sealed class ArticleJourneyTests : BrowserTest
{
    [Test]
    public async Task An_article_is_previewed_published_commented_and_reacted_to_and_all_of_it_survives_a_reload()
    {
        var title = TestData.Unique("Quartalszahlen");
        var comment = TestData.Unique("Danke für den Überblick");
        var ceo = await NewSignedInPageAsync("ceo@demo.example");

        await ceo.GetByRole(AriaRole.Link, new() { Name = "Schreiben", Exact = true }).ClickAsync();
        await ceo.GetByLabel("Titel").FillAsync(title);
        await ceo.GetByLabel("Text").FillAsync("Wir sind **deutlich gewachsen**.\n\n- Umsatz plus 12 %\n- zwei neue Standorte");
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Vorschau" }).ClickAsync();
        var preview = ceo.GetByRole(AriaRole.Region, new() { Name = "Vorschau" });
        await Expect(preview.Locator("strong")).ToHaveTextAsync("deutlich gewachsen");
        await Expect(preview.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(ceo.GetByLabel("Titel")).ToHaveValueAsync(title);
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await Expect(ceo.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(ceo.Locator("[data-post-body] strong")).ToHaveTextAsync("deutlich gewachsen");
        var postUrl = ceo.Url;

        var staff = await NewSignedInPageAsync("staff@demo.example");
        await staff.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        Assert.That(staff.Url, Is.EqualTo(postUrl));
        await staff.GetByLabel("Dein Kommentar").FillAsync(comment);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await Expect(Thread(staff).GetByText(comment)).ToBeVisibleAsync();
        var like = PostLike(staff);
        await like.ClickAsync();
        await Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(like).ToContainTextAsync("1");

        await staff.ReloadAsync();
        await Expect(Thread(staff).GetByText(comment)).ToHaveCountAsync(1);
        await Expect(PostLike(staff)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(PostLike(staff)).ToContainTextAsync("1");

        await ceo.ReloadAsync();
        await Expect(Thread(ceo).GetByText(comment)).ToHaveCountAsync(1);
        await Expect(PostLike(ceo)).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(PostLike(ceo)).ToContainTextAsync("1");
    }

    private static ILocator Thread(IPage page) => page.Locator("[data-thread]");

    private static ILocator PostLike(IPage page) =>
        page.Locator(".post-page").GetByRole(AriaRole.Button, new() { Name = "Gefällt mir" });
}
