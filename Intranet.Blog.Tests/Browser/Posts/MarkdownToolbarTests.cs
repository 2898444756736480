using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Posts;

/// The formatting toolbar above the Markdown boxes: it writes Markdown around the selection (so the stored text stays
/// portable), by button and by Ctrl+B, I and K, fits a phone, and is simply absent without script.
public sealed class MarkdownToolbarTests : BrowserTest
{
    private static ILocator Toolbar(IPage page, string boxSelector) =>
        page.Locator(boxSelector).Locator("xpath=preceding-sibling::*[1]");

    private static Task SelectAsync(ILocator box, int start, int end) =>
        box.EvaluateAsync("(el, r) => { el.focus(); el.setSelectionRange(r[0], r[1]); }", new[] { start, end });

    [Test]
    public async Task Bold_from_the_button_wraps_the_selection_and_the_post_shows_it_bold()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var box = page.Locator("#composer-body");
        var word = TestData.Unique("wichtig");
        await box.FillAsync($"Das ist {word} heute");
        await SelectAsync(box, 8, 8 + word.Length);

        var toolbar = Toolbar(page, "#composer-body");
        await Expect(toolbar).ToHaveAttributeAsync("role", "toolbar");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Fett", Exact = true }).ClickAsync();

        await Expect(box).ToHaveValueAsync($"Das ist **{word}** heute");
        await page.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();
        await Expect(Feeds.Card(page, word).Locator("strong")).ToHaveTextAsync(word);
    }

    [Test]
    public async Task Ctrl_B_I_and_K_format_the_selection_in_the_article_editor_and_the_preview_shows_it()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/posts/new");
        var box = page.Locator("textarea#body");
        await box.FillAsync("Bitte lesen und weitersagen");

        await SelectAsync(box, 6, 11);
        await page.Keyboard.PressAsync("Control+B");
        await Expect(box).ToHaveValueAsync("Bitte **lesen** und weitersagen");
        await page.Keyboard.PressAsync("Control+B");
        await Expect(box).ToHaveValueAsync("Bitte lesen und weitersagen");
        await SelectAsync(box, 16, 27);
        await page.Keyboard.PressAsync("Control+I");
        await Expect(box).ToHaveValueAsync("Bitte lesen und _weitersagen_");
        await SelectAsync(box, 0, 5);
        await page.Keyboard.PressAsync("Control+K");
        await page.Keyboard.TypeAsync("https://example.org/regeln");
        await Expect(box).ToHaveValueAsync("[Bitte](https://example.org/regeln) lesen und _weitersagen_");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Titel" }).FillAsync("Formatiert");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vorschau" }).ClickAsync();
        var preview = page.Locator("section.preview .prose");
        await Expect(preview.Locator("em")).ToHaveTextAsync("weitersagen");
        await Expect(preview.Locator("a")).ToHaveAttributeAsync("href", "https://example.org/regeln");
        await Expect(box).ToHaveValueAsync("[Bitte](https://example.org/regeln) lesen und _weitersagen_");
    }

    [Test]
    public async Task Line_buttons_mark_every_selected_line_and_a_second_press_takes_the_marks_away()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/posts/new");
        var box = page.Locator("textarea#body");
        var toolbar = Toolbar(page, "textarea#body");
        await box.FillAsync("Einleitung\nBrot\nKäse");

        await SelectAsync(box, 12, 20);
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Nummerierte Liste" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("Einleitung\n1. Brot\n2. Käse");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Nummerierte Liste" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("Einleitung\nBrot\nKäse");
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Aufgabenliste" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("Einleitung\n- [ ] Brot\n- [ ] Käse");
        await SelectAsync(box, 0, 0);
        await toolbar.GetByRole(AriaRole.Button, new() { Name = "Überschrift" }).ClickAsync();
        await Expect(box).ToHaveValueAsync("## Einleitung\n- [ ] Brot\n- [ ] Käse");
    }

    [Test]
    public async Task A_micropost_box_offers_only_what_a_micropost_shows()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var toolbar = Toolbar(page, "#composer-body");
        // The toolbar's buttons arrive with its template, fetched once the page has loaded.
        await Expect(toolbar.GetByRole(AriaRole.Button).First).ToBeAttachedAsync();

        var names = await toolbar.GetByRole(AriaRole.Button).EvaluateAllAsync<string[]>("bs => bs.map(b => b.getAttribute('aria-label'))");

        Assert.That(names, Is.EqualTo(new[] { "Fett", "Kursiv", "Link", "Code" }));
    }

    [Test]
    public async Task The_toolbar_is_one_tab_stop_walked_with_the_arrow_keys()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/posts/new");
        var toolbar = Toolbar(page, "textarea#body");
        // The buttons arrive with the toolbar's template after the page has loaded; a Tab pressed before that goes to
        // the box itself (CI once pressed it first).
        await Expect(toolbar.GetByRole(AriaRole.Button).First).ToBeAttachedAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Titel" }).FocusAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Fett", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(toolbar.GetByRole(AriaRole.Button, new() { Name = "Kursiv" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("textarea#body")).ToBeFocusedAsync();
    }

    [Test]
    public async Task A_reply_box_opened_in_place_gets_its_own_working_toolbar()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(page, TestData.Unique("Zum Antworten"));
        await page.GotoAsync($"/posts/{id}");
        var comment = TestData.Unique("Erster Kommentar");
        await page.GetByLabel("Dein Kommentar").FillAsync(comment);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await page.Locator("[data-thread] article").Filter(new() { HasText = comment }).GetByRole(AriaRole.Link, new() { Name = "Antworten" }).ClickAsync();

        var reply = page.Locator("textarea[id^=reply-body-]");
        await Expect(reply).ToBeFocusedAsync();
        await reply.FillAsync("Stimmt genau");
        await SelectAsync(reply, 7, 12);
        await Toolbar(page, "textarea[id^=reply-body-]").GetByRole(AriaRole.Button, new() { Name = "Kursiv" }).ClickAsync();

        await Expect(reply).ToHaveValueAsync("Stimmt _genau_");
        await Expect(page.Locator("textarea#comment-body-0")).ToBeEmptyAsync();
    }

    [TestCase("/")]
    [TestCase("/posts/new")]
    public async Task At_375_px_the_toolbar_fits_without_scrolling_sideways(string url)
    {
        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone, at: url);
        var toolbar = page.Locator("[data-md-toolbar]").First;
        await Expect(toolbar).ToBeVisibleAsync();
        await ScreenshotAsync(page, $"toolbar-375{url.Replace('/', '-')}");

        Assert.That(await toolbar.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth"), Is.True, "the toolbar does not scroll");
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), Is.True, "the page does not scroll sideways");
        var outside = await toolbar.Locator("button").EvaluateAllAsync<int>("bs => bs.filter(b => { const r = b.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth; }).length");
        Assert.That(outside, Is.Zero, "every button is on screen");
    }

    [Test]
    public async Task Without_script_there_is_no_toolbar_and_the_box_still_takes_markdown()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", javaScript: false, at: "/posts/new");

        await Expect(page.GetByRole(AriaRole.Toolbar)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Titel" }).FillAsync("Ohne Skript");
        await page.Locator("textarea#body").FillAsync("Das ist **fett**");
        await page.GetByRole(AriaRole.Button, new() { Name = "Vorschau" }).ClickAsync();
        await Expect(page.Locator("section.preview .prose strong")).ToHaveTextAsync("fett");
    }
}
