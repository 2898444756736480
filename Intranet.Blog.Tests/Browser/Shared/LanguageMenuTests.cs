using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Shared;

/// The Deutsch/English choice in the avatar menu looks like the app's other buttons, the current one marked, on a
/// phone and a desktop (they were the browser's unstyled grey buttons).
public sealed class LanguageMenuTests : BrowserTest
{
    [Test]
    public async Task The_language_buttons_are_styled_like_the_apps_buttons_and_show_the_current_language([Values(Phone, Desktop)] int width)
    {
        var page = await NewSignedInPageAsync("ceo@demo.example", width: width);
        await page.Locator(".user-menu summary").ClickAsync();
        var german = page.GetByRole(AriaRole.Button, new() { Name = "Deutsch" });
        var english = page.GetByRole(AriaRole.Button, new() { Name = "English" });
        await Expect(english).ToBeVisibleAsync();

        static Task<string> StyleAsync(ILocator button, string property) =>
            button.EvaluateAsync<string>("(b, p) => getComputedStyle(b)[p]", property);
        var write = page.Locator(".button.write");

        Assert.That(await StyleAsync(english, "borderRadius"), Is.EqualTo(await StyleAsync(write, "borderRadius")), "rounded like every button");
        Assert.That(await StyleAsync(english, "fontFamily"), Is.EqualTo(await StyleAsync(write, "fontFamily")), "the app's font, not the browser's");
        Assert.That(await StyleAsync(german, "backgroundColor"), Is.Not.EqualTo(await StyleAsync(english, "backgroundColor")), "the current language stands out");
        Assert.That(await german.GetAttributeAsync("aria-pressed"), Is.EqualTo("true"));
        await ScreenshotAsync(page, $"language-menu-{width}");
    }
}
