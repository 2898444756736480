using System.Globalization;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Ideas;

/// Idea rounds in the browser: the managing director opens one, a colleague brings in an idea from the card, and it
/// arrives on the other screens; support moves the ranking everywhere without a reload, and what someone is typing
/// meanwhile stays. On a phone without script a round is plain forms.
public sealed class IdeaRoundBrowserTests : BrowserTest
{
    private const string NoReloadMarker = "window.__sameDocument = true";
    private const string StillSameDocument = "() => window.__sameDocument === true";

    [Test]
    public async Task An_idea_arrives_live_and_support_moves_it_up_on_every_screen_while_a_half_typed_idea_stays()
    {
        var question = TestData.Unique("Was machen wir mit dem Innenhof");
        var ceo = await NewSignedInPageAsync("ceo@demo.example", at: "/ideas");
        await ceo.GetByRole(AriaRole.Link, new() { Name = "Ideensammlung eröffnen" }).First.ClickAsync();
        await ceo.GetByLabel("Frage").FillAsync(question);
        await ceo.GetByLabel("Worum es geht").FillAsync("Der Innenhof wird neu gestaltet.");
        var closes = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(5), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        await ceo.GetByLabel("Ideen bis").FillAsync(closes.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Sammlung eröffnen" }).ClickAsync();
        await Expect(ceo.Locator("[data-idea-round]")).ToBeVisibleAsync();
        var round = ceo.Url.Split('#')[0];
        await ExpectLiveAsync(ceo);
        await ceo.EvaluateAsync(NoReloadMarker);

        var influencer = await NewSignedInPageAsync("influencer@demo.example", at: round);
        await ExpectLiveAsync(influencer);
        await influencer.EvaluateAsync(NoReloadMarker);
        await influencer.Locator("#idea-title").FillAsync("Halb getippt");

        var reader = await NewSignedInPageAsync("admin@demo.example", width: Phone);
        await ExpectLiveAsync(reader);
        await reader.EvaluateAsync(NoReloadMarker);

        var staff = await NewSignedInPageAsync("staff@demo.example");
        await Feeds.Card(staff, question).GetByRole(AriaRole.Link, new() { Name = "Ideen ansehen und eigene einbringen" }).ClickAsync();
        await staff.Locator("#idea-title").FillAsync("Hochbeete");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Idee einbringen" }).ClickAsync();
        await staff.Locator("#idea-title").FillAsync("Sitzbänke");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Idee einbringen" }).ClickAsync();
        await Expect(staff.Locator("[data-idea-list] .idea-title")).ToHaveTextAsync(new[] { "Hochbeete", "Sitzbänke" });
        await ExpectLiveAsync(staff);
        await staff.EvaluateAsync(NoReloadMarker);

        // The new ideas reach the open round page and the card in a phone's feed.
        await Expect(ceo.Locator("[data-idea-list] .idea-title")).ToHaveTextAsync(new[] { "Hochbeete", "Sitzbänke" });
        var card = Feeds.Card(reader, question);
        await Expect(card.Locator("[data-idea-count]")).ToHaveTextAsync("2 Ideen");
        await Expect(card.Locator(".idea-leading")).ToContainTextAsync("Hochbeete");

        // Support for the second idea, sent with the keyboard, moves it to the top everywhere.
        var benches = influencer.Locator(".idea", new() { HasText = "Sitzbänke" });
        await benches.GetByRole(AriaRole.Button, new() { Name = "Unterstützen" }).FocusAsync();
        await influencer.Keyboard.PressAsync("Enter");
        await Expect(influencer.Locator("[data-idea-list] .idea-title")).ToHaveTextAsync(new[] { "Sitzbänke", "Hochbeete" });
        await Expect(influencer.Locator(".idea", new() { HasText = "Sitzbänke" }).GetByRole(AriaRole.Button, new() { Name = "Unterstützt ✓" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(staff.Locator("[data-idea-list] .idea-title")).ToHaveTextAsync(new[] { "Sitzbänke", "Hochbeete" });
        await Expect(staff.Locator("[data-idea-list] [data-idea-supports]").First).ToHaveTextAsync("1 Unterstützung");
        await Expect(card.Locator(".idea-leading")).ToContainTextAsync("Sitzbänke");

        await Expect(influencer.Locator("#idea-title")).ToHaveValueAsync("Halb getippt");
        foreach (var page in new[] { ceo, influencer, reader, staff })
        {
            Assert.That(await page.EvaluateAsync<bool>(StillSameDocument), Is.True, $"{page.Url} reloaded");
        }

        await ScreenshotAsync(influencer, "idea-round-live", fullPage: true);
    }

    [Test]
    public async Task On_a_phone_without_script_a_round_is_plain_forms_that_fit()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false, at: "/ideas");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Wie sollen wir das Budget für Weiterbildung 2027 einsetzen?" }).ClickAsync();
        var idea = TestData.Unique("Lernpaten");

        await staff.Locator("#idea-title").FillAsync(idea);
        await staff.GetByLabel("Beschreibung der Idee").FillAsync("Erste Zeile\nZweite Zeile");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Idee einbringen" }).ClickAsync();

        var mine = staff.Locator(".idea", new() { HasText = idea });
        await Expect(mine.Locator(".idea-body")).ToHaveTextAsync("Erste Zeile\nZweite Zeile");
        await Expect(mine.GetByRole(AriaRole.Button, new() { Name = "Zurückziehen" })).ToBeVisibleAsync();
        var other = staff.Locator(".idea").Filter(new() { Has = staff.GetByRole(AriaRole.Button, new() { Name = "Unterstützen" }) }).First;
        var title = await other.Locator(".idea-title").TextContentAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Unterstützen" }).ClickAsync();

        await Expect(staff.Locator(".idea", new() { HasText = title! }).GetByRole(AriaRole.Button, new() { Name = "Unterstützt ✓" })).ToBeVisibleAsync();
        Assert.That(await staff.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(staff, "idea-round-phone", fullPage: true);
    }
}
