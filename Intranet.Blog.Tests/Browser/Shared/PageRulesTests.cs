using AngleSharp.Html.Parser;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Browser.Shared;

/// The scripts take their rules from the server (the page-rules block, data-plural), so what the server rendered is
/// what the page still says once the scripts have run.
public sealed class PageRulesTests : BrowserTest
{
    [Test]
    public async Task Relative_times_keep_the_servers_words_after_the_scripts_run()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var served = await (await page.APIRequest.GetAsync("/")).TextAsync();
        var fromServer = new HtmlParser().ParseDocument(served).QuerySelectorAll("[data-feed] time[data-relative]").Select(t => t.TextContent).ToList();
        var inPage = await page.Locator("[data-feed] time[data-relative]").AllTextContentsAsync();

        Assert.That(fromServer, Has.Count.GreaterThan(5));
        Assert.That(inPage.Take(fromServer.Count), Is.EqualTo(fromServer));
        Assert.That(fromServer, Has.Some.Match(@"^vor \d+ (Min\.|Std\.|Tg\.)$|^gerade eben$"), "demo posts span minutes to days");
    }

    [Test]
    public async Task A_times_exact_tooltip_is_in_the_readers_time_zone_not_the_servers()
    {
        var page = await NewSignedInPageAsync("staff@demo.example");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Emulation.setTimezoneOverride", new Dictionary<string, object> { ["timezoneId"] = "Pacific/Auckland" });
        await page.ReloadAsync();

        var time = page.Locator("[data-feed] time[datetime]").First;
        var at = DateTimeOffset.Parse((await time.GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture);
        var there = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland"));

        Assert.That(await time.GetAttributeAsync("title"), Does.Contain(there.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)).And.Contain(there.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
