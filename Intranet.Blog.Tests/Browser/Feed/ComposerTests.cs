using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Feed;

public sealed class ComposerTests : BrowserTest
{
    [Test]
    public async Task An_own_micropost_shows_once_at_once_and_still_once_after_its_live_echo()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example");
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        await ExpectLiveAsync(staff);
        await ExpectLiveAsync(ceo);
        var text = TestData.Unique("Kaffeemaschine im 3. OG geht wieder");

        var id = await Feeds.PostMicroAsync(staff, text);
        await Expect(staff.Locator($"#post-{id}")).ToHaveCountAsync(1);
        await Expect(staff.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" })).ToBeEmptyAsync();

        // The echo went to both screens before the post request returned; a later post pushed to the writer
        // arrives on the same connection after it, so once that shows the echo has certainly been applied.
        await Expect(ceo.Locator($"#post-{id}")).ToHaveCountAsync(1);
        var later = TestData.Unique("Danke!");
        await Feeds.PostMicroAsync(ceo, later);
        await Expect(Feeds.Card(staff, later)).ToBeVisibleAsync();
        await Expect(staff.Locator($"#post-{id}")).ToHaveCountAsync(1);
        await Expect(staff.GetByRole(AriaRole.Button, new() { Name = "neue" })).ToBeHiddenAsync();
    }

    [Test]
    public async Task A_post_that_failed_after_the_server_wrote_it_is_shown_as_failed_with_its_text_and_never_sent_again()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example");
        ExpectBrowserProblem("500");
        // The post reaches the server and is written; the answer is lost to a 500 on the way back (a proxy, a crash
        // after the commit). Sending the form again, as the script did, posted it twice.
        var sent = 0;
        await staff.RouteAsync("**/posts", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            Interlocked.Increment(ref sent);
            await route.FetchAsync();
            await route.FulfillAsync(new() { Status = 500, ContentType = "text/html", Body = "<h1>Bad gateway</h1>" });
        });
        var text = TestData.Unique("Nur einmal, bitte");
        var box = staff.GetByRole(AriaRole.Textbox, new() { Name = "Was gibt's Neues?" });

        await box.FillAsync(text);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true }).ClickAsync();

        await Expect(staff.Locator("[data-composer] [role=alert]")).ToHaveTextAsync(
            "Senden fehlgeschlagen. Dein Text ist noch da: schau nach, ob er schon erschienen ist, bevor du ihn noch einmal sendest.");
        await Expect(box).ToHaveValueAsync(text);
        await ScreenshotAsync(staff, "composer-send-failed");
        await staff.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });
        await staff.ReloadAsync();
        await Expect(Feeds.Card(staff, text)).ToHaveCountAsync(1);
        Assert.That(sent, Is.EqualTo(1), "sent once");
    }

    private static ILocator Box(IPage page) => page.Locator("#composer-body");

    /// Any alert, confirm or prompt box fails the test: refusals belong in the page.
    private static List<string> RecordDialogs(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
        return dialogs;
    }

    [Test]
    public async Task Pasting_900_characters_keeps_them_all_says_how_many_are_too_many_and_continues_as_an_article()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var dialogs = RecordDialogs(page);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var text = (TestData.Unique("Aus der E-Mail kopiert") + string.Concat(Enumerable.Repeat(" Lorem ipsum dolor sit amet.", 40)))[..899] + "!";
        Assert.That(text, Has.Length.EqualTo(900));

        await Box(page).ClickAsync();
        await page.EvaluateAsync("t => navigator.clipboard.writeText(t)", text);
        await page.Keyboard.PressAsync("Control+V");

        await Expect(Box(page)).ToHaveValueAsync(text);
        var composer = page.Locator("[data-composer]");
        await Expect(composer.Locator("[data-counter]")).ToHaveTextAsync("400 Zeichen zu viel");
        var offer = composer.GetByRole(AriaRole.Button, new() { Name = "Als Artikel fortsetzen" });
        await Expect(offer).ToBeVisibleAsync();
        await ScreenshotAsync(page, "composer-too-long");

        await offer.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Artikel schreiben", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Titel" })).ToBeEmptyAsync();
        await Expect(page.Locator("textarea#body")).ToHaveValueAsync(text);
        Assert.That(dialogs, Is.Empty);
    }

    [Test]
    public async Task The_counter_names_the_room_left_and_goes_when_the_text_is_short_again()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var counter = page.Locator("[data-composer] [data-counter]");

        await Box(page).FillAsync(new string('a', 380));
        await Expect(counter).ToHaveTextAsync("noch 120 Zeichen");
        await Box(page).FillAsync(new string('a', 499));
        await Expect(counter).ToHaveTextAsync("noch 1 Zeichen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Als Artikel fortsetzen" })).ToBeHiddenAsync();
        await Box(page).FillAsync(new string('a', 501));
        await Expect(counter).ToHaveTextAsync("1 Zeichen zu viel");
        await Box(page).FillAsync("kurz");
        await Expect(counter).ToBeEmptyAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Als Artikel fortsetzen" })).ToBeHiddenAsync();
    }

    [Test]
    public async Task An_empty_or_too_long_post_is_refused_next_to_the_box_without_a_dialog()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var dialogs = RecordDialogs(page);
        ExpectBrowserProblem("400 (Bad Request)"); // the browser logs the refusal it shows
        var post = page.GetByRole(AriaRole.Button, new() { Name = "Posten", Exact = true });

        await post.ClickAsync();

        var error = page.Locator("[data-composer] .field-error[role=alert]");
        await Expect(error).ToHaveTextAsync("Text ist erforderlich.");
        await Expect(Box(page)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Box(page)).ToHaveAttributeAsync("aria-describedby", (await error.GetAttributeAsync("id"))!);
        await ScreenshotAsync(page, "composer-empty", fullPage: false);

        var tooLong = new string('x', 600);
        await Box(page).FillAsync(tooLong);
        await post.ClickAsync();
        await Expect(error).ToHaveTextAsync("Text darf höchstens 500 Zeichen lang sein.");
        await Expect(Box(page)).ToHaveValueAsync(tooLong);

        var fine = TestData.Unique("Jetzt passt es");
        await Box(page).FillAsync(fine);
        await post.ClickAsync();
        await Expect(Feeds.Card(page, fine)).ToBeVisibleAsync();
        await Expect(error).ToHaveCountAsync(0);
        await Expect(Box(page)).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.That(dialogs, Is.Empty);
    }
}
