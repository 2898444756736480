using System.Net;
using System.Text;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

/// The import's optional department columns: parent_department places the line's department in the tree,
/// department_head names its head.
public sealed class DepartmentImportTests : AppFixture
{
    private const string Header = "name,email,department,title,manager_email,parent_department,department_head";
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task SignIn() => _admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

    private async Task<HttpResponseMessage> ImportAsync(string csv)
    {
        var token = await TestData.TokenAsync(_admin, "/admin/import");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(csv, Encoding.UTF8), "text" } };
        return await _admin.PostAsync("/admin/import", content);
    }

    private Task<string?> ParentNameAsync(string department) => TestData.ScalarAsync<string?>(App,
        "SELECT COALESCE(p.name, '') FROM departments d LEFT JOIN departments p ON p.id = d.parent_id WHERE d.name = @department", new { department });

    private async Task<IReadOnlyList<(string Line, string Message)>> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        return (await TestData.ParseAsync(response)).QuerySelectorAll(".import-problems tbody tr")
            .Select(tr => (tr.GetAttribute("data-line")!, tr.QuerySelectorAll("td")[1].TextContent)).ToList();
    }

    [Test]
    public async Task Parents_and_heads_build_the_tree_and_missing_parents_are_created()
    {
        var d = TestData.Unique("x");
        var csv = $"""
            {Header}
            Anna Schmidt,anna.{d}@example.de,Vertrieb {d},Leitung,,Bereich Markt {d},
            Ben Weber,ben.{d}@example.de,Innendienst {d},Teamleitung,anna.{d}@example.de,Vertrieb {d},carla.{d}@example.de
            Carla Becker,carla.{d}@example.de,Innendienst {d},Sachbearbeitung,ben.{d}@example.de,,
            """;

        var response = await ImportAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), string.Join("\n", response.StatusCode == HttpStatusCode.BadRequest ? await ProblemsAsync(response) : []));
        Assert.That(await ParentNameAsync($"Innendienst {d}"), Is.EqualTo($"Vertrieb {d}"));
        Assert.That(await ParentNameAsync($"Vertrieb {d}"), Is.EqualTo($"Bereich Markt {d}"));
        Assert.That(await ParentNameAsync($"Bereich Markt {d}"), Is.Empty);
        Assert.That(await TestData.ScalarAsync<string>(App,
            "SELECT u.email FROM departments d JOIN users u ON u.id = d.head_id WHERE d.name = @name", new { name = $"Innendienst {d}" }), Is.EqualTo($"carla.{d}@example.de"));
    }

    [Test]
    public async Task A_cycle_between_departments_is_refused_and_nothing_is_written()
    {
        var d = TestData.Unique("x");
        var departments = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM departments");
        var csv = $"""
            {Header}
            Anna Schmidt,anna.{d}@example.de,A {d},Leitung,,B {d},
            Ben Weber,ben.{d}@example.de,B {d},Leitung,,C {d},
            Carla Becker,carla.{d}@example.de,C {d},Leitung,,A {d},
            """;

        var problems = await ProblemsAsync(await ImportAsync(csv));

        Assert.That(problems.Select(p => p.Line), Is.EquivalentTo(new[] { "2", "3", "4" }));
        Assert.That(problems[0].Message, Does.Contain("Kreis").And.Contain($"A {d}"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM departments"), Is.EqualTo(departments));
    }

    [Test]
    public async Task A_cycle_through_an_existing_department_is_refused()
    {
        var top = TestData.Unique("Oben");
        var topId = await TestData.DepartmentAsync(App, top);
        var below = TestData.Unique("Unten");
        await OrgTree.DepartmentAsync(App, topId, below);
        var d = TestData.Unique("x");

        var problems = await ProblemsAsync(await ImportAsync($"{Header}\nAnna Schmidt,anna.{d}@example.de,{top},Leitung,,{below},\n"));

        Assert.That(problems.Single().Message, Does.Contain("Kreis"));
        Assert.That(await ParentNameAsync(top), Is.Empty);
    }

    [Test]
    public async Task Two_different_parents_or_heads_for_one_department_are_refused_on_the_second_line()
    {
        var d = TestData.Unique("x");
        var csv = $"""
            {Header}
            Anna Schmidt,anna.{d}@example.de,Team {d},Leitung,,Eins {d},anna.{d}@example.de
            Ben Weber,ben.{d}@example.de,Team {d},Leitung,,Zwei {d},ben.{d}@example.de
            """;

        var problems = await ProblemsAsync(await ImportAsync(csv));

        Assert.That(problems.Select(p => p.Line), Is.EqualTo(new[] { "3", "3" }));
    }

    [Test]
    public async Task A_head_who_is_nobody_is_refused()
    {
        var d = TestData.Unique("x");

        var problems = await ProblemsAsync(await ImportAsync($"{Header}\nAnna Schmidt,anna.{d}@example.de,Team {d},Leitung,,,niemand.{d}@example.de\n"));

        Assert.That(problems.Single().Message, Does.Contain($"niemand.{d}@example.de"));
    }
}
