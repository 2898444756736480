using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;

namespace Intranet.Blog.Tests.Browser.Trust;

/// BrowserTest fails the test on any console error or policy violation these pages cause. The pages are found by
/// following the app's own links from the feed, so a page added later is loaded without editing this test.
public sealed partial class ContentSecurityPolicyTests : BrowserTest
{
    private const int PageLimit = 60;

    [Test]
    public async Task Every_main_page_loads_for_an_admin_without_a_policy_violation_or_console_error()
    {
        var page = await NewSignedInPageAsync("admin@demo.example");
        await ExpectLiveAsync(page);
        var queue = new Queue<string>(["/", "/posts/new"]);
        var seen = new HashSet<string>(queue);
        var shapes = new HashSet<string>();
        var loaded = new List<string>();

        while (queue.Count > 0 && loaded.Count < PageLimit)
        {
            var url = queue.Dequeue();
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            Assert.That(response?.Status, Is.EqualTo(200), url);
            await Assertions.Expect(page.Locator("body")).ToBeVisibleAsync();
            loaded.Add(url);

            // Links a person can see (an author-only "Edit" is in every card, hidden), one page of each shape:
            // /posts/1 and /posts/2 are the same page to the policy.
            foreach (var href in await page.Locator("a[href^='/']").EvaluateAllAsync<string[]>("links => links.filter(a => !a.closest('[hidden]') && !a.hasAttribute('download')).map(a => a.getAttribute('href'))"))
            {
                var link = href.Split('#')[0];
                if (link.Length > 0 && !link.StartsWith("/uploads/", StringComparison.Ordinal)
                    && seen.Add(link) && shapes.Add(Digits().Replace(link.Split('?')[0], "N")))
                {
                    queue.Enqueue(link);
                }
            }
        }

        Assert.That(loaded, Has.Some.StartsWith("/people").And.Some.StartsWith("/notifications").And.Some.StartsWith("/admin/people").And.Some.StartsWith("/topics/"),
            "pages reached: " + string.Join(", ", loaded));
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
