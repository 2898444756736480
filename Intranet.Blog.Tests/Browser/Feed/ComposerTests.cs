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
}
