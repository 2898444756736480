using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Polls;

/// Polls in the browser: made in the composer, voted with the keyboard, results live on another screen; and on a
/// phone without script, a plain form.
public sealed class PollBrowserTests : BrowserTest
{
    [Test]
    public async Task A_vote_cast_with_the_keyboard_shows_live_on_the_authors_screen()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        var staff = await NewSignedInPageAsync("staff@demo.example");
        await ExpectLiveAsync(ceo);
        await ExpectLiveAsync(staff);
        var question = TestData.Unique("Wann Sommerfest?");

        await ceo.GetByText("Umfrage hinzufügen").ClickAsync();
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Antwort 1", Exact = true }).FillAsync("Juni");
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Antwort 2", Exact = true }).FillAsync("Juli");
        await Feeds.PostMicroAsync(ceo, question);
        var readerCard = Feeds.Card(staff, question);
        await Expect(readerCard.GetByRole(AriaRole.Radio, new() { Name = "Juli" })).ToBeVisibleAsync();
        await ceo.EvaluateAsync("window.__sameDocument = true");

        await readerCard.GetByRole(AriaRole.Radio, new() { Name = "Juni" }).FocusAsync();
        await staff.Keyboard.PressAsync("ArrowDown");
        await Expect(readerCard.GetByRole(AriaRole.Radio, new() { Name = "Juli" })).ToBeCheckedAsync();
        await staff.Keyboard.PressAsync("Tab");
        await Expect(readerCard.GetByRole(AriaRole.Button, new() { Name = "Abstimmen" })).ToBeFocusedAsync();
        await staff.Keyboard.PressAsync("Enter");

        await Expect(readerCard.GetByRole(AriaRole.Button, new() { Name = "Stimme ändern" })).ToBeVisibleAsync();
        var authorCard = Feeds.Card(ceo, question);
        await Expect(authorCard.Locator("[data-option-count]").Nth(1)).ToHaveTextAsync("1 Stimme · 100 %");
        await Expect(authorCard.Locator("[data-poll-voters]")).ToHaveTextAsync("1 Person hat abgestimmt");
        await Expect(authorCard.GetByRole(AriaRole.Link, new() { Name = "Wer hat wie abgestimmt?" })).ToBeVisibleAsync();
        Assert.That(await ceo.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the author's feed reloaded");

        // A changed named vote moves from one option to the other on the author's screen.
        await readerCard.GetByRole(AriaRole.Radio, new() { Name = "Juni" }).CheckAsync();
        await readerCard.GetByRole(AriaRole.Button, new() { Name = "Stimme ändern" }).ClickAsync();
        await Expect(authorCard.Locator("[data-option-count]").First).ToHaveTextAsync("1 Stimme · 100 %");
        await Expect(authorCard.Locator("[data-option-count]").Nth(1)).ToHaveTextAsync("0 Stimmen · 0 %");
    }

    [Test]
    public async Task On_a_phone_without_script_an_anonymous_poll_is_a_form_that_says_the_vote_is_final()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example", width: Phone, javaScript: false);
        var staff = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false);
        var question = TestData.Unique("Kantine: Wie zufrieden?");

        await ceo.GetByText("Umfrage hinzufügen").ClickAsync();
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Antwort 1", Exact = true }).FillAsync("Sehr zufrieden mit dem Essen und der Auswahl");
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Antwort 2", Exact = true }).FillAsync("Geht so");
        await ceo.GetByText("Weitere Antworten").ClickAsync();
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Antwort 5", Exact = true }).FillAsync("Unzufrieden");
        await ceo.GetByLabel("Anonym: Niemand").CheckAsync();
        await ceo.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" }).FillAsync(question);
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();
        await staff.ReloadAsync();
        var card = Feeds.Card(staff, question);
        await Expect(card.GetByText("Niemand, auch keine Admins, kann sehen, wer wie abgestimmt hat.")).ToBeVisibleAsync();
        await ScreenshotAsync(staff, "poll-phone-before");

        await card.GetByRole(AriaRole.Radio, new() { Name = "Unzufrieden" }).CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Abstimmen" }).ClickAsync();

        var poll = staff.Locator("form[data-poll]");
        await Expect(poll.GetByText("Du hast abgestimmt. Deine Stimme ist endgültig.")).ToBeVisibleAsync();
        await Expect(poll.Locator("[data-option-count]").Nth(2)).ToHaveTextAsync("1 Stimme · 100 %");
        await Expect(poll.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        Assert.That(await staff.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(staff, "poll-phone-after", fullPage: true);
    }
}
