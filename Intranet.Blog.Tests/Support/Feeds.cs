using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Support;

/// The feed as a person uses it: the composer on top, cards below.
public static class Feeds
{
    public static ILocator Card(IPage page, string text) =>
        page.Locator("[data-feed]").GetByRole(AriaRole.Article).Filter(new() { HasText = text });

    /// Posts through the composer of the open feed and returns the new post's id once its card shows.
    public static async Task<long> PostMicroAsync(IPage page, string text)
    {
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();
        var card = Card(page, text);
        await Expect(card).ToBeVisibleAsync();
        return long.Parse((await card.GetAttributeAsync("data-post-id"))!, CultureInfo.InvariantCulture);
    }
}
