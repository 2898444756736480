using System.Globalization;
using Intranet.Blog.Features.Privacy;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Tests.Integration.Privacy;

/// /privacy and docs/privacy.md say what is stored, who sees it and for how long, from the settings the app runs with.
public sealed class PrivacyPageTests : AppFixture
{
    [Test]
    public async Task Everyone_finds_the_privacy_page_from_the_footer_with_the_retention_the_app_uses()
    {
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var feed = await TestData.GetPageAsync(client, "/");
        var page = await TestData.GetPageAsync(client, feed.QuerySelector("footer.site-footer a")!.GetAttribute("href")!);

        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Datenschutz: was gespeichert wird und wer es sieht"));
        Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain("90 Tage nach der Veröffentlichung").And.Contain("mindestens 5 Personen"));
    }

    [Test]
    public async Task A_different_retention_setting_changes_what_the_page_says()
    {
        await using var app = new BlogAppFactory(settings: new Dictionary<string, string> { ["Intranet:ReadRetentionDays"] = "30", ["Intranet:LeadershipUpToLevel"] = "3", ["Intranet:ManagementUpToLevel"] = "5" });
        using var client = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app));

        var text = (await TestData.GetPageAsync(client, "/privacy")).QuerySelector("main")!.TextContent;

        Assert.That(text, Does.Contain("30 Tage nach der Veröffentlichung").And.Not.Contain("90 Tage"));
        Assert.That(text, Does.Contain("Leitung sind die Ebenen 1 bis 3, mittlere Führung die Ebenen bis 5"));
    }

    /// docs/privacy.md is the statement for the default settings, in English. When this fails, the expected text is
    /// written next to the test's output for copying over the document.
    [Test]
    public void Docs_privacy_md_is_the_statement_for_the_default_settings()
    {
        var previous = CultureInfo.CurrentUICulture;
        string expected;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var t = App.Service<IStringLocalizer<SharedResource>>();
            expected = PrivacyStatement.Markdown(PrivacyStatement.Build(new IntranetOptions(), t), t["Privacy: what is stored and who sees it"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }

        var path = Path.Combine(AppLayout.Root, "docs", "privacy.md");
        var actual = File.Exists(path) ? File.ReadAllText(path) : "";
        if (actual != expected)
        {
            File.WriteAllText(Path.Combine(TestContext.CurrentContext.WorkDirectory, "privacy.md"), expected);
        }

        Assert.That(actual, Is.EqualTo(expected), $"docs/privacy.md is out of date; the current text is in {TestContext.CurrentContext.WorkDirectory}/privacy.md");
        Assert.That(expected, Does.Contain("deleted 90 days after the post was published"));
    }
}
