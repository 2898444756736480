using System.Globalization;
using Intranet.Blog.Features.Analytics;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Analytics;

/// The CEO has the dashboard open; a colleague posts, the rollup counts it, and the month's post count moves without
/// a reload. The same page on a phone without script: it fits 375 px, its charts are drawn, and the period picker works.
[Category("Browser")]
public sealed class DashboardBrowserTests : BrowserTest
{
    [Test]
    public async Task The_dashboard_moves_live_and_fits_a_phone_without_script()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        await ceo.GetByRole(AriaRole.Link, new() { Name = "Auswertung" }).ClickAsync();
        await Expect(ceo.GetByRole(AriaRole.Heading, new() { Name = "Auswertung", Level = 1 })).ToBeVisibleAsync();
        await ExpectLiveAsync(ceo);
        await App.Service<ActivityRollup>().RunAsync(CancellationToken.None);
        await ceo.ReloadAsync();
        await ExpectLiveAsync(ceo);
        var posts = ceo.Locator("[data-kpi=posts]");
        var before = int.Parse(await posts.TextContentAsync() ?? "0", CultureInfo.InvariantCulture);
        await ceo.EvaluateAsync("window.__sameDocument = true");

        var staff = await NewSignedInPageAsync("staff@demo.example");
        await Feeds.PostMicroAsync(staff, TestData.Unique("Neue Kaffeemaschine im 2. Stock"));
        await App.Service<ActivityRollup>().RunAsync(CancellationToken.None);

        await Expect(posts).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        Assert.That(await ceo.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the dashboard reloaded");
        await ScreenshotAsync(ceo, "analytics-live", fullPage: true);

        var phone = await NewSignedInPageAsync("ceo@demo.example", width: Phone, javaScript: false, at: "/analytics");
        await Expect(phone.Locator("[data-chart=content] svg")).ToBeVisibleAsync();
        Assert.That(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await phone.GetByLabel("Woche", new() { Exact = true }).CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "Anzeigen" }).ClickAsync();
        await Expect(phone.Locator(".period-nav strong")).ToContainTextAsync("KW");
        await phone.Locator("[data-chart=dialogue] summary").ClickAsync();
        await Expect(phone.Locator("[data-chart=dialogue] table")).ToBeVisibleAsync();
        Assert.That(await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "the open data table scrolls inside its box");
        await ScreenshotAsync(phone, "analytics-phone", fullPage: true);
    }
}
