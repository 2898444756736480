using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Departments;

/// A fixture of its own: it changes the demo's pins in Personal, whose influencer is Jana Hoffmann and whose library
/// starts with two pinned guides.
public sealed class PinOrderTests : BrowserTest
{
    private const string Leave = "Urlaub beantragen in drei Schritten";
    private const string Sick = "Krankmeldung: was wann zu tun ist";

    private static async Task OpenPersonalAsync(IPage page)
    {
        await page.GotoAsync("/departments");
        await page.GetByRole(AriaRole.Link, new() { Name = "Personal", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personal", Level = 1 })).ToBeVisibleAsync();
    }

    private static ILocator Pins(IPage page) => page.Locator("section[data-pins] li[data-pin-post] .pin-title");

    [Test]
    public async Task An_influencer_pins_a_guide_and_moves_it_to_the_top_with_the_keyboard_while_a_colleague_sees_the_order_live()
    {
        var influencer = await NewSignedInPageAsync("influencer@demo.example");
        await OpenPersonalAsync(influencer);
        await Expect(Pins(influencer)).ToHaveTextAsync([Leave, Sick]);

        // Unpinned first, so that pinning it again puts it last.
        await influencer.GetByRole(AriaRole.Button, new() { Name = $"Lösen: {Sick}" }).ClickAsync();
        await Expect(Pins(influencer)).ToHaveTextAsync([Leave]);
        await influencer.GetByRole(AriaRole.Link, new() { Name = Sick, Exact = true }).First.ClickAsync();
        await influencer.GetByLabel("Anheften an").SelectOptionAsync(new SelectOptionValue { Label = "Personal" });
        await influencer.Locator(".pin-form").GetByRole(AriaRole.Button, new() { Name = "Anheften" }).ClickAsync();
        await OpenPersonalAsync(influencer);
        await Expect(Pins(influencer)).ToHaveTextAsync([Leave, Sick]);
        await ExpectLiveAsync(influencer);

        var colleague = await NewSignedInPageAsync("staff@demo.example");
        await OpenPersonalAsync(colleague);
        await ExpectLiveAsync(colleague);
        await colleague.EvaluateAsync("() => { window.samePage = true; }");
        await Expect(colleague.GetByRole(AriaRole.Button, new() { Name = $"Nach oben: {Sick}" })).ToBeHiddenAsync();

        var up = influencer.GetByRole(AriaRole.Button, new() { Name = $"Nach oben: {Sick}" });
        await up.FocusAsync();
        await influencer.Keyboard.PressAsync("Enter");

        await Expect(Pins(influencer)).ToHaveTextAsync([Sick, Leave]);
        await Expect(Pins(colleague)).ToHaveTextAsync([Sick, Leave]);
        Assert.That(await colleague.EvaluateAsync<bool>("() => window.samePage === true"), Is.True, "moved in place, no page load");
        // At the top "up" is disabled: the focus moves to the pin's other button instead of getting lost.
        await Expect(influencer.GetByRole(AriaRole.Button, new() { Name = $"Nach unten: {Sick}" })).ToBeFocusedAsync();
        await ScreenshotAsync(influencer, "pins-moved-1280");

        await influencer.ReloadAsync();
        await Expect(Pins(influencer)).ToHaveTextAsync([Sick, Leave], new() { Timeout = 10_000 });
    }

    [Test]
    public async Task On_a_phone_without_script_the_buttons_move_a_pin_and_the_page_comes_back_in_the_new_order()
    {
        var influencer = await NewSignedInPageAsync("influencer@demo.example", width: Phone, javaScript: false);
        await OpenPersonalAsync(influencer);
        var first = await Pins(influencer).First.TextContentAsync();
        var second = await Pins(influencer).Nth(1).TextContentAsync();

        await influencer.GetByRole(AriaRole.Button, new() { Name = $"Nach unten: {first}" }).ClickAsync();

        await Expect(Pins(influencer).First).ToHaveTextAsync(second!);
        await Expect(Pins(influencer).Nth(1)).ToHaveTextAsync(first!);
        await Expect(influencer.GetByRole(AriaRole.Heading, new() { Name = "Personal", Level = 1 })).ToBeVisibleAsync();
        await influencer.Locator("section[data-pins]").ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(influencer, "pins-375");
        Assert.That(await influencer.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
    }
}
