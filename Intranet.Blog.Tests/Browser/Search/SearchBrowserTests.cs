using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Search;

/// The top bar's search box: suggestions chosen with the keyboard, and the results page on a phone and without script.
public sealed class SearchBrowserTests : BrowserTest
{
    // A unique word: the prefix and hex digits (an "ae" among them reads as "ä", which the marking follows too).
    private static string Word(string prefix) => prefix + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal)[1..];

    [Test]
    public async Task A_word_from_a_colleagues_post_is_suggested_chosen_by_keyboard_and_marked_in_the_post()
    {
        var word = Word("Reiseantrag");
        var colleague = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(colleague, $"Mein {word} für Hamburg ist eingereicht.");
        var page = await NewSignedInPageAsync("ceo@demo.example");
        var box = page.Locator("[data-search-box]");

        // Under a full suite's load the module script can attach its key handler after the page reports loaded; a "/"
        // before that is lost (as it would be for a person), so the key is pressed again until the box has the focus.
        for (var i = 0; i < 20 && !await box.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("/");
            await page.WaitForTimeoutAsync(250);
        }

        await Expect(box).ToBeFocusedAsync();
        // Typing slowed by load lets the suggestions of a shorter start arrive first; the list is drawn again (and its
        // choice reset) when those of the whole text come, so the keys are pressed after that.
        var typed = word[..^2];
        await page.RunAndWaitForResponseAsync(() => page.Keyboard.TypeAsync(typed), r => r.Url.EndsWith("/search/suggest?q=" + Uri.EscapeDataString(typed), StringComparison.Ordinal));
        var suggestion = page.Locator($"[data-search-suggestions] [role=option][href^='/posts/{id}?']");
        await Expect(suggestion).ToBeVisibleAsync();
        for (var i = 0; i < 40 && await suggestion.GetAttributeAsync("aria-selected") != "true"; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(suggestion).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex($"/posts/{id}\\?hl="));
        await Expect(page.Locator("[data-post-body] mark")).ToHaveTextAsync(word);
        await ScreenshotAsync(page, "search-marked-post");
    }

    [Test]
    public async Task The_results_page_works_on_a_phone_and_without_script([Values(Phone, Desktop)] int width, [Values(true, false)] bool javaScript)
    {
        var word = Word("Kantinenplan");
        var colleague = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(colleague, $"Der {word} für Dezember hängt aus.");
        var page = await NewSignedInPageAsync("ceo@demo.example", width: width, javaScript: javaScript);

        await page.Locator("[data-search-box]").FillAsync(word);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/search\\?q="));
        var result = page.Locator($"li[data-post-id='{id}']");
        await Expect(result).ToBeVisibleAsync();
        await Expect(result.Locator("mark")).ToHaveTextAsync(word);
        await page.GetByText("Filter", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Sortieren nach").SelectOptionAsync("newest");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Suche" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=newest"));
        await Expect(result).ToBeVisibleAsync();
        await ScreenshotAsync(page, $"search-results-{width}-{(javaScript ? "js" : "nojs")}", fullPage: true);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), "nothing overflows sideways");
    }
}
