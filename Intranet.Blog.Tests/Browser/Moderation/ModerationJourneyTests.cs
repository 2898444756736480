using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Moderation;

/// A colleague reports a post, an admin hides it from the queue with a reason, and it leaves an open feed without a
/// reload; at 375 px and without JavaScript reporting, the queue and the author's answer work.
[Category("Browser")]
public sealed class ModerationJourneyTests : BrowserTest
{
    [Test]
    public async Task A_post_hidden_from_the_queue_leaves_an_open_feed_live()
    {
        var author = await TestData.PersonAsync(App);
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        using var authorSession = await KestrelSession.SignInAsync(App, author);
        var text = TestData.Unique("Unpassend");
        var id = await TestData.MicroAsync(authorSession.Http, text);
        var reader = await NewSignedInPageAsync((await TestData.PersonAsync(App)).Email, author.Password);
        var moderator = await NewSignedInPageAsync(admin.Email, admin.Password);
        await ExpectLiveAsync(reader);
        await Expect(reader.Locator($"#post-{id}")).ToBeVisibleAsync();

        await moderator.GotoAsync($"/posts/{id}/report");
        await moderator.GetByLabel("Spam oder Werbung").CheckAsync();
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Meldung senden" }).ClickAsync();
        await moderator.GotoAsync("/admin/moderation");
        var item = moderator.Locator(".queue-item").Filter(new() { HasText = text });
        await item.GetByText("Ausblenden …").ClickAsync();
        await item.GetByLabel("Begründung (der Verfasser sieht sie und kann antworten)").FillAsync("Werbung gehört nicht in den Feed");
        await ScreenshotAsync(moderator, "moderation-queue", fullPage: true);
        await item.GetByRole(AriaRole.Button, new() { Name = "Ausblenden", Exact = true }).ClickAsync();

        await Expect(reader.Locator($"#post-{id}")).ToHaveCountAsync(0);
        await Expect(moderator.Locator(".queue-item").Filter(new() { HasText = "Werbung gehört nicht in den Feed" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task At_375_px_and_without_javascript_reporting_and_answering_work()
    {
        var author = await TestData.PersonAsync(App);
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        using var authorSession = await KestrelSession.SignInAsync(App, author);
        var id = await TestData.MicroAsync(authorSession.Http, TestData.Unique("Streitbar"));
        var reporter = await TestData.PersonAsync(App);
        var phone = await NewSignedInPageAsync(reporter.Email, reporter.Password, Phone, javaScript: false);

        await phone.GotoAsync($"/posts/{id}");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Melden" }).ClickAsync();
        await phone.GetByRole(AriaRole.Radio, new() { Name = "Etwas anderes" }).CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Meldung senden" }).ClickAsync();
        await Expect(phone.Locator(".errors")).ToContainTextAsync("Hinweis ist erforderlich.");
        ExpectBrowserProblem("/report");
        await phone.Locator("#note").FillAsync("Das ist eine Unterstellung");
        await ScreenshotAsync(phone, "report-375", fullPage: true);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Meldung senden" }).ClickAsync();
        await Expect(phone.Locator(".report-list")).ToContainTextAsync("Noch nicht entschieden");

        var moderator = await NewSignedInPageAsync(admin.Email, admin.Password, Phone, javaScript: false, at: "/admin/moderation");
        await ScreenshotAsync(moderator, "moderation-queue-375", fullPage: true);
        await moderator.GotoAsync($"/posts/{id}");
        await moderator.GetByText("Ausblenden …").ClickAsync();
        await moderator.GetByLabel("Begründung (der Verfasser sieht sie und kann antworten)").FillAsync("Bitte sachlich bleiben");
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Ausblenden", Exact = true }).ClickAsync();

        var own = await NewSignedInPageAsync(author.Email, author.Password, Phone, javaScript: false, at: $"/posts/{id}");
        await Expect(own.Locator("#moderation")).ToContainTextAsync("Bitte sachlich bleiben");
        await own.GetByLabel("Deine Antwort an die Administration").FillAsync("Das war nicht so gemeint");
        await own.GetByRole(AriaRole.Button, new() { Name = "Antwort senden" }).ClickAsync();
        await Expect(own.Locator("#moderation")).ToContainTextAsync("Das war nicht so gemeint");
        await ScreenshotAsync(own, "moderation-notice-375", fullPage: true);
        Assert.That(await own.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "no sideways scrolling");
    }
}
