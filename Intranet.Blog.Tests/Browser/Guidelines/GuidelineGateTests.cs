using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Guidelines;

/// The guideline gate as people meet it: a colleague signed in while the admin publishes new guidelines sees a banner
/// on their next page, is sent to the guidelines when they try to write, accepts, and then posts.
public sealed class GuidelineGateTests : BrowserTest
{
    [Test]
    public async Task A_new_version_shows_a_banner_and_after_accepting_it_posting_works()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example");
        await Expect(staff.Locator(".guidelines-banner")).ToHaveCountAsync(0);
        var admin = await NewSignedInPageAsync("admin@demo.example", at: "/admin/guidelines");
        await admin.GetByLabel("Richtlinien (Markdown)").FillAsync("## Respekt\n\nWir schreiben freundlich und sachlich.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Neue Version veröffentlichen" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "veröffentlicht" })).ToBeVisibleAsync();

        await staff.GetByRole(AriaRole.Link, new() { Name = "Feed", Exact = true }).First.ClickAsync();
        var banner = staff.Locator(".guidelines-banner");
        await Expect(banner).ToContainTextAsync("Neue Richtlinien wurden veröffentlicht");
        await staff.GetByRole(AriaRole.Link, new() { Name = "Schreiben", Exact = true }).ClickAsync();
        await Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/guidelines\\?returnUrl="));
        await Expect(staff.GetByRole(AriaRole.Heading, new() { Name = "Respekt" })).ToBeVisibleAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Ich akzeptiere die Richtlinien" }).ClickAsync();

        await Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/posts/new$"));
        await Expect(staff.Locator(".guidelines-banner")).ToHaveCountAsync(0);
        await staff.GotoAsync("/");
        var text = TestData.Unique("Nach den Richtlinien");
        await Feeds.PostMicroAsync(staff, text);
        await staff.ReloadAsync();
        await Expect(Feeds.Card(staff, text)).ToBeVisibleAsync();
    }
}
