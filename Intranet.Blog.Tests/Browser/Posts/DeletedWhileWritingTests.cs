using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Posts;

/// A colleague writes a comment while the author deletes the post: nothing typed is lost.
public sealed class DeletedWhileWritingTests : BrowserTest
{
    [Test]
    public async Task The_open_post_page_says_the_post_is_gone_and_the_text_survives_sending()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        var staff = await NewSignedInPageAsync("staff@demo.example");
        var id = await Feeds.PostMicroAsync(ceo, TestData.Unique("Gleich wieder weg"));
        await staff.GotoAsync($"/posts/{id}");
        await ExpectLiveAsync(staff);
        var text = "Ein langer, überlegter Kommentar, der nicht verloren gehen darf.";
        await staff.GetByLabel("Dein Kommentar").FillAsync(text);

        await ceo.GotoAsync($"/posts/{id}");
        ceo.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await ceo.Locator(".post-page").GetByRole(AriaRole.Button, new() { Name = "Löschen" }).ClickAsync();

        var notice = staff.Locator("[data-gone-notice]");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("gerade gelöscht");
        await Expect(staff.GetByLabel("Dein Kommentar")).ToHaveValueAsync(text);
        await ScreenshotAsync(staff, "post-deleted-while-writing");

        ExpectBrowserProblem($"status of 404 (Not Found) ({new Uri(staff.Url).GetLeftPart(UriPartial.Authority)}/posts/{id}/comments");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Dein Kommentar wurde nicht gespeichert" })).ToBeVisibleAsync();
        await Expect(staff.GetByLabel("Was du geschrieben hast, zum Kopieren")).ToHaveValueAsync(text);
    }
}
