using System.Text.RegularExpressions;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Topics;

public sealed class TopicPageTests : BrowserTest
{
    [Test]
    public async Task A_trending_topic_opens_its_page_and_load_more_appends_in_place()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var trending = page.GetByRole(AriaRole.Region, new() { Name = "Angesagte Themen" });
        await Expect(trending).ToBeVisibleAsync();
        await ScreenshotAsync(page, "trending-1280");
        var first = trending.GetByRole(AriaRole.Link).First;
        var name = await first.TextContentAsync();

        await first.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name!, Level = 1 })).ToBeVisibleAsync();
        var cards = page.Locator("[data-feed] article[data-post-id]");
        await Expect(cards.First).ToBeVisibleAsync();
        await Expect(cards.First.Locator("a.topic", new() { HasTextRegex = new Regex("^" + Regex.Escape(name!) + "$", RegexOptions.IgnoreCase) }).First).ToBeAttachedAsync();
        await ScreenshotAsync(page, "topic-1280");
    }

    [Test]
    public async Task The_topic_page_works_on_a_phone()
    {
        var author = await TestData.PersonAsync(App, name: TestData.Unique("Themen Autorin"));
        var tag = "Übergabe" + Guid.NewGuid().ToString("N")[..6];
        // The app runs on Kestrel here, so the posts go in through the service a form post would call.
        using (var scope = App.Services.CreateScope())
        {
            var posts = scope.ServiceProvider.GetRequiredService<PostService>();
            for (var i = 0; i < 22; i++)
            {
                var result = await posts.CreateAsync(new Viewer(author.Id, false), new PostInput { Kind = PostKinds.Micro, Body = $"Schicht {i}: #{tag} erledigt" }, default);
                Assert.That(result.Status, Is.EqualTo(WriteStatus.Ok));
            }
        }

        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone, at: $"/topics/{Uri.EscapeDataString(tag.ToUpperInvariant())}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "#" + tag, Level = 1 })).ToBeVisibleAsync();
        var cards = page.Locator("[data-feed] article[data-post-id]");
        await Expect(cards).ToHaveCountAsync(20);
        await page.GetByRole(AriaRole.Link, new() { Name = "Mehr laden" }).ClickAsync();
        await Expect(cards).ToHaveCountAsync(22);
        await Expect(cards.Last).ToContainTextAsync("Schicht 0:");
        await ScreenshotAsync(page, "topic-375");
    }
}
