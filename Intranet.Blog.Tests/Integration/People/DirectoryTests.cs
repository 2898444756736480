using System.Net;
using System.Text;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

public sealed class DirectoryTests : AppFixture
{
    private static List<string> Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".directory .name").Select(a => a.TextContent).ToList();

    [Test]
    public async Task Search_finds_names_ignoring_case_and_umlauts_written_either_way()
    {
        var token = TestData.Unique("x")[2..];
        var person = await TestData.PersonAsync(App, name: $"Jürgen Öztürk-Weiß {token}");
        var client = await TestData.SignedInClientAsync(App, person);

        foreach (var query in new[] { $"JÜRGEN ÖZTÜRK-WEISS {token}".Replace("WEISS", "WEIß", StringComparison.Ordinal), $"jürgen öztürk-weiß {token}",
                     $"Ju\u0308rgen O\u0308ztu\u0308rk-Weiß {token}".Normalize(NormalizationForm.FormD) })
        {
            var page = await TestData.GetPageAsync(client, "/people?q=" + Uri.EscapeDataString(query));
            Assert.That(Names(page), Is.EqualTo(new[] { person.Name }), query);
        }
    }

    [Test]
    public async Task Search_finds_titles_and_department_names()
    {
        var token = TestData.Unique("y")[2..];
        var department = await TestData.DepartmentAsync(App, $"Bürokommunikation {token}");
        var inDepartment = await TestData.PersonAsync(App, departmentId: department, name: "A " + TestData.Unique("Person"));
        var titled = await TestData.PersonAsync(App, name: "B " + TestData.Unique("Person"));
        await Uploads.ExecuteAsync(App, "UPDATE users SET title = @title WHERE id = @id", new { id = titled.Id, title = $"Leiterin Qualitätsprüfung {token}" });
        var client = await TestData.SignedInClientAsync(App, titled);

        Assert.That(Names(await TestData.GetPageAsync(client, "/people?q=" + Uri.EscapeDataString($"QUALITÄTSPRÜFUNG {token}"))), Is.EqualTo(new[] { titled.Name }));
        Assert.That(Names(await TestData.GetPageAsync(client, "/people?q=" + Uri.EscapeDataString($"bürokommunikation {token}"))), Is.EqualTo(new[] { inDepartment.Name }));
    }

    [Test]
    public async Task The_department_filter_narrows_and_only_active_people_are_listed_by_name()
    {
        var token = TestData.Unique("z")[2..];
        var department = await TestData.DepartmentAsync(App);
        var other = await TestData.DepartmentAsync(App);
        var second = await TestData.PersonAsync(App, departmentId: department, name: $"Zoe {token}");
        var first = await TestData.PersonAsync(App, departmentId: department, name: $"Anna {token}");
        var elsewhere = await TestData.PersonAsync(App, departmentId: other, name: $"Bert {token}");
        var gone = await TestData.PersonAsync(App, departmentId: department, name: $"Carl {token}");
        await TestData.DeactivateAsync(App, gone.Id);
        var client = await TestData.SignedInClientAsync(App, first);

        Assert.That(Names(await TestData.GetPageAsync(client, $"/people?q={token}")), Is.EqualTo(new[] { first.Name, elsewhere.Name, second.Name }));
        Assert.That(Names(await TestData.GetPageAsync(client, $"/people?q={token}&department={department}")), Is.EqualTo(new[] { first.Name, second.Name }));
        var all = await TestData.GetPageAsync(client, $"/people?department={department}");
        Assert.That(Names(all), Is.EqualTo(new[] { first.Name, second.Name }));
        Assert.That(all.QuerySelector($"#department option[value='{department}']")!.HasAttribute("selected"), Is.True);
        Assert.That(all.QuerySelector("[data-result-count]")!.GetAttribute("aria-live"), Is.EqualTo("polite"));
    }

    [Test]
    public async Task Results_page_on_with_a_more_link()
    {
        var department = await TestData.DepartmentAsync(App);
        for (var i = 0; i < 32; i++)
        {
            await TestData.PersonAsync(App, departmentId: department, name: $"Person {i:00}");
        }

        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var first = await TestData.GetPageAsync(client, $"/people?department={department}");
        Assert.That(Names(first), Has.Count.EqualTo(30));
        var more = first.QuerySelector(".more a")!.GetAttribute("href")!;
        var second = await TestData.GetPageAsync(client, more);
        Assert.That(Names(second), Is.EqualTo(new[] { "Person 30", "Person 31" }));
        Assert.That(second.QuerySelector(".more a"), Is.Null);
    }

    [Test]
    public async Task The_script_gets_the_results_alone()
    {
        var token = TestData.Unique("p")[2..];
        var person = await TestData.PersonAsync(App, name: $"Partial {token}");
        var client = await TestData.SignedInClientAsync(App, person);

        var response = await client.GetAsync($"/people?q={token}&partial=true");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Contain("<html").And.Contain(person.Name).And.Contain("data-result-count"));
    }

    [Test]
    public async Task The_org_chart_nests_people_under_their_managers_open_for_two_levels()
    {
        var top = await TestData.PersonAsync(App, name: "Org " + TestData.Unique("Top"));
        var middle = await TestData.PersonAsync(App, managerId: top.Id);
        var low = await TestData.PersonAsync(App, managerId: middle.Id);
        var leaf = await TestData.PersonAsync(App, managerId: low.Id);
        var client = await TestData.SignedInClientAsync(App, leaf);

        var page = await TestData.GetPageAsync(client, "/people/orgchart");

        var root = page.QuerySelector($"ul.orgchart > li > details > summary a[href='/people/{top.Id}']")!.Closest("details")!;
        Assert.That(root.HasAttribute("open"), Is.True);
        Assert.That(root.QuerySelector("summary")!.TextContent, Does.Contain("1"));
        var second = root.QuerySelector($":scope > ul > li > details > summary a[href='/people/{middle.Id}']")!.Closest("details")!;
        Assert.That(second.HasAttribute("open"), Is.True);
        var third = second.QuerySelector($":scope > ul > li > details > summary a[href='/people/{low.Id}']")!.Closest("details")!;
        Assert.That(third.HasAttribute("open"), Is.False, "collapsed below two levels");
        Assert.That(third.QuerySelector($":scope > ul > li > .org-leaf a[href='/people/{leaf.Id}']"), Is.Not.Null);
    }
}
