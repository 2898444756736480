using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Shared;

/// Found by walking the product with the keyboard only: the focus fell to the page's start after sending a comment
/// (its button was disabled while it was sent), after a reply (its form went) and when a live update replaced what
/// held it; a reply box started with the main box's unsent text; the user menu stayed open behind the focus.
public sealed class KeyboardFocusTests : BrowserTest
{
    [Test]
    public async Task Sending_a_comment_and_a_reply_with_the_keyboard_keeps_the_focus_where_the_reader_is()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(page, TestData.Unique("Zum Kommentieren"));
        await page.GotoAsync($"/posts/{id}");
        var first = TestData.Unique("Erster Kommentar");
        await page.GetByLabel("Dein Kommentar").FillAsync(first);
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true });
        await send.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var comment = page.Locator("[data-thread] article").Filter(new() { HasText = first });
        await Expect(comment).ToBeVisibleAsync();
        await Expect(send).ToBeFocusedAsync();

        // Text left unsent in the main box stays there and does not start the reply.
        await page.GetByLabel("Dein Kommentar").FillAsync("Noch nicht abgeschickt");
        await comment.GetByRole(AriaRole.Link, new() { Name = "Antworten" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var reply = page.Locator("textarea[id^=reply-body-]");
        await Expect(reply).ToBeFocusedAsync();
        await Expect(reply).ToBeEmptyAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(reply).ToHaveCountAsync(0);
        await Expect(comment.GetByRole(AriaRole.Link, new() { Name = "Antworten" })).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        var answer = TestData.Unique("Meine Antwort");
        await reply.FillAsync(answer);
        var replyForm = page.Locator("form").Filter(new() { Has = reply });
        await replyForm.GetByRole(AriaRole.Button, new() { Name = "Antworten", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var placed = page.Locator("article.reply").Filter(new() { HasText = answer });
        await Expect(placed).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Dein Kommentar")).ToHaveValueAsync("Noch nicht abgeschickt");
    }

    /// The comment's own echo (or an edit) can arrive after Reply was pressed: the reply being written stays, with its
    /// text and the focus (CI once lost the box this way).
    [Test]
    public async Task A_reply_being_written_stays_when_its_comment_is_rendered_again()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(page, TestData.Unique("Zum Antworten"));
        await page.GotoAsync($"/posts/{id}");
        var first = TestData.Unique("Kommentar");
        await page.GetByLabel("Dein Kommentar").FillAsync(first);
        await page.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await page.Locator("[data-thread] article").Filter(new() { HasText = first }).GetByRole(AriaRole.Link, new() { Name = "Antworten" }).ClickAsync();
        var reply = page.Locator("textarea[id^=reply-body-]");
        await reply.FillAsync("Halb geschrieben");

        await page.EvaluateAsync("""
            async () => {
              const { placeComment } = await import("/js/feed.js");
              const old = document.querySelector("[data-thread] article");
              const fresh = old.cloneNode(true);
              fresh.querySelector(":scope > form").remove();
              placeComment(fresh);
            }
            """);

        await Expect(reply).ToHaveValueAsync("Halb geschrieben");
        await Expect(reply).ToBeFocusedAsync();
    }

    [Test]
    public async Task A_part_of_the_page_replaced_live_gives_the_focus_back_to_the_same_control()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var card = page.Locator("article.card").First;
        var link = card.Locator("a.comments-link");
        await link.FocusAsync();

        // What a live update does to a card: the same card, rendered again, in its place.
        await page.EvaluateAsync("""
            async () => {
              const { replaceKeepingFocus } = await import("/js/view.js");
              const old = document.querySelector("article.card");
              replaceKeepingFocus(old, old.cloneNode(true));
            }
            """);

        await Expect(link).ToBeFocusedAsync();
        Assert.That(await page.EvaluateAsync<bool>("() => document.activeElement.closest('article.card') === document.querySelector('article.card')"), Is.True, "the new card's link");
    }

    [Test]
    public async Task The_user_menu_closes_with_escape_and_when_the_keyboard_moves_past_it()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var menu = page.Locator("details.user-menu");
        await menu.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToHaveAttributeAsync("open", "");

        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).Not.ToHaveAttributeAsync("open", "");
        await Expect(menu.Locator("summary")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToHaveAttributeAsync("open", "");
        var stops = await menu.Locator("a, button").CountAsync();
        for (var i = 0; i <= stops; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(menu).Not.ToHaveAttributeAsync("open", "");
    }
}
