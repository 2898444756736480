using System.Net;
using Intranet.Blog.Features.Analytics;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against the analytics dashboard: a hostile period is a clear 400 with the current month, a chart name
/// picks nothing but the dashboard's own charts, and department names are text in the SVG, the table and the CSV.
[Category("Corpus")]
public sealed class AnalyticsCorpusTests : AppFixture
{
    private static IEnumerable<TestCaseData> Periods() => DepartmentCorpusTests.Lines(["analytics.period"]);

    private static IEnumerable<TestCaseData> Labels() => DepartmentCorpusTests.Lines(["analytics.label"]);

    [Test]
    public void The_corpus_has_analytics_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["analytics.period", "analytics.csv", "analytics.label", "profile.helpfulListed"]).Count(), Is.GreaterThanOrEqualTo(8));

    [TestCaseSource(nameof(Periods))]
    public async Task A_hostile_period_is_a_clear_400_and_the_csv_refuses_it(string input)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));

        var response = await client.GetAsync("/analytics?" + input);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "dashboard");
        Assert.That(page.QuerySelector(".form-error")!.TextContent, Does.Contain("laufenden Monat"));
        Assert.That((await client.GetAsync("/analytics/csv?chart=content&" + input)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_chart_name_selects_only_the_dashboards_own_charts()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));

        foreach (var line in DepartmentCorpusTests.Lines(["analytics.csv"]).Select(l => (string)l.Arguments[0]!))
        {
            var response = await client.GetAsync("/analytics/csv?" + line);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), line);
        }
    }

    [TestCaseSource(nameof(Labels))]
    public async Task A_hostile_department_name_is_text_in_the_chart_the_table_and_the_csv(string input)
    {
        var name = SafeHtml.Expand(input);
        var department = await TestData.DepartmentAsync(App, name);
        for (var i = 0; i < 5; i++)
        {
            await TestData.PersonAsync(App, departmentId: department);
            // Five without a department as well, so "others" has five and the department is shown by its name.
            await TestData.PersonAsync(App);
        }

        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive, department));
        await App.Service<ActivityRollup>().RunAsync(CancellationToken.None);

        var page = await TestData.GetPageAsync(client, "/analytics");
        SafeHtml.AssertSafe(page, "dashboard");
        Assert.That(page.QuerySelector("[data-chart=active] table")!.TextContent, Does.Contain(name));
        Assert.That(page.QuerySelector("[data-chart=active] svg")!.TextContent, Does.Contain(name.Length <= 26 ? name : name[..25]));
        var csv = await client.GetStringAsync("/analytics/csv?chart=active");
        foreach (var cell in csv.Split("\r\n").Skip(1).Where(l => l.Contains("HYPERLINK", StringComparison.Ordinal)))
        {
            Assert.That(cell, Does.StartWith("\"'="), "a formula is defused");
        }
    }

    [Test]
    public async Task A_hostile_helpful_choice_is_refused_and_keeps_the_choice()
    {
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);

        foreach (var line in DepartmentCorpusTests.Lines(["profile.helpfulListed"]).Select(l => (string)l.Arguments[0]!))
        {
            var response = await TestData.PostFormAsync(client, "/people/me/edit", "/people/me/edit", new() { ["bio"] = "Hallo", ["phone"] = "", ["location"] = "", ["helpfulListed"] = line });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), line);
            SafeHtml.AssertSafe(await TestData.ParseAsync(response), line);
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT helpful_listed FROM users WHERE id = @Id", person), Is.EqualTo(1), line);
            Assert.That(await TestData.ScalarAsync<string>(App, "SELECT bio FROM users WHERE id = @Id", person), Is.Empty, "nothing saved");
        }
    }
}
