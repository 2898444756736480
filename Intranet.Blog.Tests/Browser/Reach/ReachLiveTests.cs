using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Reach;

/// The author of a post has its reach open; a colleague opens the post, and "opened" moves without a reload. The same
/// page on a phone without script: the funnel and its tables fit 375 px.
[Category("Browser")]
public sealed class ReachLiveTests : BrowserTest
{
    [Test]
    public async Task The_authors_reach_page_counts_a_colleagues_open_live_and_fits_a_phone_without_script()
    {
        var department = await TestData.DepartmentAsync(App, TestData.Unique("Einkauf"));
        var author = await TestData.PersonAsync(App, Roles.Executive, department);
        var colleagues = new List<TestPerson>();
        for (var i = 0; i < 5; i++)
        {
            colleagues.Add(await TestData.PersonAsync(App, departmentId: department));
        }

        var writer = await NewSignedInPageAsync(author.Email, author.Password);
        var id = await Feeds.PostMicroAsync(writer, TestData.Unique("Neue Lieferanten ab Montag"));
        await writer.GotoAsync($"/posts/{id}");
        await writer.GetByRole(AriaRole.Link, new() { Name = "Reichweite" }).ClickAsync();
        await Expect(writer.Locator("[data-stage='opened']")).ToHaveTextAsync("0");
        await ExpectLiveAsync(writer);
        await writer.EvaluateAsync("window.__sameDocument = true");

        var reader = await NewSignedInPageAsync(colleagues[0].Email, colleagues[0].Password, at: $"/posts/{id}");

        await Expect(writer.Locator("[data-stage='opened']")).ToHaveTextAsync("1");
        Assert.That(await writer.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the reach page reloaded");
        await ScreenshotAsync(writer, "reach-live", fullPage: true);

        var phone = await NewSignedInPageAsync(author.Email, author.Password, width: Phone, javaScript: false, at: $"/posts/{id}/reach");
        await Expect(phone.Locator("[data-stage='opened']")).ToHaveTextAsync("1");
        await Expect(phone.GetByRole(AriaRole.Table).First).ToBeVisibleAsync();
        Assert.That(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(phone, "reach-phone", fullPage: true);
    }
}
