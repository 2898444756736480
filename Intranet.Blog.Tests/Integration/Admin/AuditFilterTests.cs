using System.Globalization;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

/// The audit log filters by kind, person (who acted) and days; its own database, so the rows are known.
public sealed class AuditFilterTests : AppFixture
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// Where each row's "concerns" link leads (the page names targets, so their links identify them).
    private static async Task<string[]> TargetsAsync(HttpClient admin, string query) =>
        [.. (await TestData.GetPageAsync(admin, "/admin/audit?" + query)).QuerySelectorAll("tbody tr td:last-child a").Select(e => e.GetAttribute("href") ?? "")];

    [Test]
    public async Task Kind_person_and_days_narrow_the_audit_log()
    {
        var adminPerson = await TestData.PersonAsync(App, Roles.Admin);
        var admin = await TestData.SignedInClientAsync(App, adminPerson);
        var reporterPerson = await TestData.PersonAsync(App);
        var reporter = await TestData.SignedInClientAsync(App, reporterPerson);
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var post = await TestData.MicroAsync(author, "Etwas zum Melden");
        await TestData.PostFormAsync(reporter, "/", $"/posts/{Id(post)}/report", new() { ["reason"] = "spam", ["note"] = "" });
        await TestData.PostFormAsync(admin, "/admin/guidelines", "/admin/guidelines", new() { ["body"] = "Sei freundlich." });
        var version = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM guideline_versions");
        var today = DateOnly.FromDateTime(App.Service<TimeProvider>().GetUtcNow().UtcDateTime);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Multiple(async () =>
        {
            Assert.That(await TargetsAsync(admin, ""), Is.SupersetOf(new[] { $"/posts/{Id(post)}", "/admin/guidelines" }));
            Assert.That(await TargetsAsync(admin, "kind=guidelines"), Is.EqualTo(new[] { "/admin/guidelines" }));
            var published = (await TestData.GetPageAsync(admin, "/admin/audit?kind=guidelines")).QuerySelector("tbody tr .sentence")?.TextContent;
            Assert.That(published, Does.Contain(adminPerson.Name).And.Contain($"Version {Id(version)}"), "the row reads as a sentence");
            Assert.That(await TargetsAsync(admin, "kind=report"), Is.EqualTo(new[] { $"/posts/{Id(post)}" }));
            Assert.That(await TargetsAsync(admin, $"person={Id(reporterPerson.Id)}"), Is.EqualTo(new[] { $"/posts/{Id(post)}" }), "who acted");
            Assert.That(await TargetsAsync(admin, $"kind=report&person={Id(adminPerson.Id)}"), Is.Empty);
            Assert.That(await TargetsAsync(admin, $"kind=guidelines&from={Day(0)}&to={Day(0)}"), Has.Length.EqualTo(1), "a day includes itself");
            Assert.That(await TargetsAsync(admin, $"from={Day(1)}"), Is.Empty);
            Assert.That(await TargetsAsync(admin, $"to={Day(-1)}"), Is.Empty);
            Assert.That(await TargetsAsync(admin, "kind=nonsense"), Has.Length.GreaterThanOrEqualTo(2), "an unknown kind filters nothing");
            var page = await TestData.GetPageAsync(admin, $"/admin/audit?kind=report&person={Id(reporterPerson.Id)}");
            Assert.That(page.QuerySelector("select[name=kind] option[selected]")?.GetAttribute("value"), Is.EqualTo("report"), "the form keeps the filter");
            Assert.That(page.QuerySelector("select[name=person] option[selected]")?.TextContent, Is.EqualTo(reporterPerson.Name));
        });
    }
}
