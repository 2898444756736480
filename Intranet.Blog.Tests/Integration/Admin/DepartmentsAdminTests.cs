using System.Globalization;
using System.Net;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

public sealed class DepartmentsAdminTests
{
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string url, string name) =>
        TestData.PostFormAsync(_admin, "/admin/departments", url, new() { ["name"] = name });

    private Task<long> CountAsync() => TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM departments");

    [Test]
    public async Task An_admin_creates_a_department_that_the_list_shows()
    {
        var name = TestData.Unique("Einkauf");

        var response = await PostAsync("/admin/departments", name);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await TestData.GetPageAsync(_admin, "/admin/departments");
        Assert.That(page.QuerySelectorAll("tbody th a").Select(a => a.TextContent), Does.Contain(name));
    }

    [Test]
    public async Task A_department_name_taken_in_other_letter_case_is_refused()
    {
        var name = TestData.Unique("Vertrieb");
        await PostAsync("/admin/departments", name);
        var before = await CountAsync();

        var response = await PostAsync("/admin/departments", name.ToUpperInvariant());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector(".errors")!.TextContent, Does.Contain("Es gibt schon eine Abteilung"));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [TestCase("IT\u202Eevil")]
    [TestCase("Zero\u200Bwidth")]
    [TestCase("Tab\there")]
    public async Task A_department_name_with_control_or_bidi_characters_is_refused(string name)
    {
        var before = await CountAsync();

        var response = await PostAsync("/admin/departments", name);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_department_name_over_80_characters_is_refused()
    {
        var response = await PostAsync("/admin/departments", new string('a', 81));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Renaming_a_department_changes_its_name_and_is_audited()
    {
        var id = await TestData.DepartmentAsync(_app);
        var name = TestData.Unique("Umbenannt");

        var response = await PostAsync($"/admin/departments/{id.ToString(CultureInfo.InvariantCulture)}", name);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT name FROM departments WHERE id = @id", new { id }), Is.EqualTo(name));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), Is.EqualTo("department.renamed"));
    }

    [Test]
    public async Task Renaming_to_another_departments_name_is_refused()
    {
        var first = TestData.Unique("Erste");
        await TestData.DepartmentAsync(_app, first);
        var second = await TestData.DepartmentAsync(_app);

        var response = await PostAsync($"/admin/departments/{second.ToString(CultureInfo.InvariantCulture)}", first);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Renaming_an_unknown_department_is_404()
    {
        var response = await PostAsync("/admin/departments/99999999", TestData.Unique("Nirgends"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private async Task<string> ShownCountAsync(string name)
    {
        var page = await TestData.GetPageAsync(_admin, "/admin/departments");
        var row = page.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.Trim() == name);
        return row.QuerySelector("td.num")!.TextContent.Trim();
    }

    [Test]
    public async Task The_people_count_follows_people_joining_moving_leaving_and_returning()
    {
        var name = TestData.Unique("Zaehlung");
        var department = await TestData.DepartmentAsync(_app, name);
        var other = await TestData.DepartmentAsync(_app);
        var first = await TestData.PersonAsync(_app, departmentId: department);
        var second = await TestData.PersonAsync(_app, departmentId: department);
        Assert.That(await ShownCountAsync(name), Is.EqualTo("2"));

        await TestData.DeactivateAsync(_app, first.Id);
        Assert.That(await ShownCountAsync(name), Is.EqualTo("1"));

        await using (var scope = await _app.Service<Database>().BeginWriteAsync())
        {
            await _app.Service<PeopleAdminStore>().UpdateAsync(scope.Connection, scope.Transaction, second.Id,
                new PersonFields(second.Email, second.Name, "Tester", other, null, Roles.Staff));
            await _app.Service<PeopleAdminStore>().SetActiveAsync(scope.Connection, scope.Transaction, first.Id, active: true);
            await scope.CommitAsync();
        }

        Assert.That(await ShownCountAsync(name), Is.EqualTo("1"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT people_count FROM departments WHERE id = @other", new { other }), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(_app, """
            SELECT COUNT(*) FROM departments d
             WHERE d.people_count <> (SELECT COUNT(*) FROM users u WHERE u.department_id = d.id AND u.is_active = 1)
            """), Is.Zero, "every department's kept count equals a fresh count");
    }
}
