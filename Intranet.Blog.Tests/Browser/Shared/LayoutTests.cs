using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Shared;

/// The main screens on a phone and a desktop. The screenshots are for people to look at; the checks hold
/// what looking at them established.
public sealed class LayoutTests : BrowserTest
{
    public static readonly string[] Screens = ["signin", "feed", "post", "editor"];

    [Test]
    public async Task Main_screens_are_captured_at_phone_and_desktop_width([Values(Phone, Desktop)] int width)
    {
        // One signed-in page goes from screen to screen: a new browser page costs more than any screen on it.
        IPage? signedIn = null;
        foreach (var screen in Screens)
        {
            var page = await OpenAsync(screen, width, signedIn: signedIn);
            signedIn = screen == "signin" ? null : page;
            var path = await ScreenshotAsync(page, $"{screen}-{width}");
            Assert.That(new FileInfo(path).Length, Is.GreaterThan(0), path);
        }
    }

    /// As an admin: the most navigation entries and a moderation button on every card.
    [Test]
    public async Task Nothing_overflows_sideways_on_a_phone([ValueSource(nameof(Screens))] string screen)
    {
        var page = await OpenAsync(screen, Phone, "admin@demo.example");

        var (scrollWidth, clientWidth) = await WidthsAsync(page);
        Assert.That(scrollWidth, Is.LessThanOrEqualTo(clientWidth), $"{screen} is wider than the phone");
    }

    [Test]
    public async Task On_a_phone_the_navigation_is_a_bar_at_the_bottom()
    {
        var page = await OpenAsync("feed", Phone);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });

        await Expect(nav).ToBeInViewportAsync();
        var box = (await nav.BoundingBoxAsync())!;
        Assert.That(box.Y + box.Height, Is.EqualTo(page.ViewportSize!.Height).Within(1));
        Assert.That(box.Width, Is.EqualTo(Phone).Within(1));
    }

    /// Nine tabs squeezed into 375 px showed "Abt…" and "Ide…", and the search box between the name and the buttons
    /// showed three letters: the tabs now scroll sideways with whole words, and the box has a row of its own.
    [Test]
    public async Task On_a_phone_every_tab_says_its_whole_word_and_the_search_box_spans_the_screen([Values(true, false)] bool javaScript)
    {
        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: javaScript, at: "/departments");

        var cut = await page.Locator(".sidenav a span").EvaluateAllAsync<string[]>("spans => spans.filter(s => s.scrollWidth > s.clientWidth).map(s => s.textContent)");
        Assert.That(cut, Is.Empty, "labels cut off");
        var box = (await page.Locator(".topbar-search input").BoundingBoxAsync())!;
        Assert.That(box.Width, Is.GreaterThan(Phone * 0.8));
        var name = (await page.Locator(".topbar .brand").BoundingBoxAsync())!;
        var avatar = (await page.Locator(".topbar .user-menu").BoundingBoxAsync())!;
        Assert.That(avatar.Y, Is.EqualTo(name.Y).Within(name.Height), "the buttons stay on the name's row");
        if (javaScript)
        {
            var tab = (await page.Locator(".sidenav [aria-current=page]").BoundingBoxAsync())!;
            Assert.That(tab.X, Is.GreaterThanOrEqualTo(0).And.LessThanOrEqualTo(Phone - tab.Width), "the page's own tab is in view");
        }
    }

    [Test]
    public async Task On_a_desktop_navigation_feed_and_side_column_stand_side_by_side()
    {
        var page = await OpenAsync("feed", Desktop);
        var nav = (await page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" }).BoundingBoxAsync())!;
        var main = (await page.GetByRole(AriaRole.Main).BoundingBoxAsync())!;
        var aside = (await page.GetByRole(AriaRole.Complementary).BoundingBoxAsync())!;

        Assert.That(nav.X + nav.Width, Is.LessThan(main.X));
        Assert.That(main.X + main.Width, Is.LessThan(aside.X));
        Assert.That(aside.X + aside.Width, Is.LessThanOrEqualTo(Desktop));
    }

    private async Task<IPage> OpenAsync(string screen, int width, string email = "ceo@demo.example", IPage? signedIn = null)
    {
        if (screen == "signin")
        {
            var anonymous = await (await NewContextAsync(width)).NewPageAsync();
            await anonymous.GotoAsync("/account/signin");
            await Expect(anonymous.GetByRole(AriaRole.Button, new() { Name = "Anmelden" })).ToBeVisibleAsync();
            return anonymous;
        }

        var page = signedIn ?? await NewSignedInPageAsync(email, width: width);
        if (signedIn is not null)
        {
            await page.GotoAsync("/");
        }

        await ExpectLiveAsync(page);
        switch (screen)
        {
            case "post":
                // A post with a conversation, as most pages people open have one.
                var discussed = page.Locator("[data-feed] article.article").Filter(new() { Has = page.Locator("[data-comment-count]:not([data-comment-count='0'])") });
                await discussed.First.GetByRole(AriaRole.Heading).GetByRole(AriaRole.Link).ClickAsync();
                await Expect(page.Locator("[data-thread] article").First).ToBeVisibleAsync();
                await ExpectLiveAsync(page);
                break;
            case "editor":
                await page.GetByRole(AriaRole.Link, new() { Name = "Schreiben", Exact = true }).ClickAsync();
                await Expect(page.GetByLabel("Titel")).ToBeVisibleAsync();
                break;
        }

        return page;
    }

    private static async Task<(int ScrollWidth, int ClientWidth)> WidthsAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
    }
}
