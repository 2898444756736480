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
}
