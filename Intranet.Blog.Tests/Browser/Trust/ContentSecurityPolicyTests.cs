using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;

namespace Intranet.Blog.Tests.Browser.Trust;

/// BrowserTest fails the test on any console error or policy violation these pages cause.
public sealed class ContentSecurityPolicyTests : BrowserTest
{
    [Test]
    public async Task Every_main_page_loads_for_an_admin_without_a_policy_violation_or_console_error()
    {
        var page = await NewSignedInPageAsync("admin@demo.example");
        await ExpectLiveAsync(page);
        var postId = await page.Locator("[data-feed] article[data-post-id]").First.GetAttributeAsync("data-post-id");
        string[] urls =
        [
            "/", $"/posts/{postId}", "/posts/new", "/departments", "/admin/people", "/admin/departments", "/admin/import",
            "/admin/audit", $"/posts/{postId}/reactions",
        ];

        foreach (var url in urls)
        {
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            Assert.That(response?.Status, Is.EqualTo(200), url);
            await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
        }
    }
}
