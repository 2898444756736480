using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Admin;

public sealed class DepartmentTreeAdminTests : AppFixture
{
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task SignIn() => _admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

    private Task<HttpResponseMessage> MoveAsync(long id, long? parent) =>
        TestData.PostFormAsync(_admin, $"/admin/departments/{Id(id)}", $"/admin/departments/{Id(id)}/parent", new() { ["parentId"] = parent is { } p ? Id(p) : "" });

    private Task<HttpResponseMessage> SetHeadAsync(long id, string email) =>
        TestData.PostFormAsync(_admin, $"/admin/departments/{Id(id)}", $"/admin/departments/{Id(id)}/head", new() { ["head"] = email });

    private async Task<long?> ParentOfAsync(long id)
    {
        await using var connection = await App.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long?>(connection, "SELECT parent_id FROM departments WHERE id = @id", new { id });
    }

    [Test]
    public async Task A_department_moves_under_another_and_the_move_is_audited()
    {
        var division = await TestData.DepartmentAsync(App);
        var team = await TestData.DepartmentAsync(App);

        var response = await MoveAsync(team, division);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await ParentOfAsync(team), Is.EqualTo(division));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT action || ' ' || details FROM audit_log ORDER BY id DESC LIMIT 1"),
            Is.EqualTo($"department.parent_set {{\"parentId\":{Id(division)},\"previousParentId\":null}}"));
        var page = await TestData.GetPageAsync(_admin, $"/departments/{Id(team)}");
        Assert.That(page.QuerySelector($".breadcrumb a[href='/departments/{Id(division)}']"), Is.Not.Null);
    }

    [Test]
    public async Task A_department_under_its_own_sub_department_is_refused_with_a_clear_message()
    {
        var top = await TestData.DepartmentAsync(App, TestData.Unique("Oben"));
        var middle = await DepartmentAsync(App, top, TestData.Unique("Mitte"));
        var bottom = await DepartmentAsync(App, middle, TestData.Unique("Unten"));

        var response = await MoveAsync(top, bottom);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Kreis"));
        Assert.That(await ParentOfAsync(top), Is.Null);
    }

    [Test]
    public async Task A_department_under_itself_is_refused()
    {
        var department = await TestData.DepartmentAsync(App);

        var response = await MoveAsync(department, department);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ParentOfAsync(department), Is.Null);
    }

    [Test]
    public async Task The_parent_choice_leaves_out_the_department_and_everything_below_it()
    {
        var top = await TestData.DepartmentAsync(App);
        var below = await DepartmentAsync(App, top);
        var other = await TestData.DepartmentAsync(App);

        var page = await TestData.GetPageAsync(_admin, $"/admin/departments/{Id(top)}");

        var choices = page.QuerySelectorAll("#parent option").Select(o => o.GetAttribute("value")).ToList();
        Assert.That(choices, Does.Contain(Id(other)).And.Not.Contain(Id(top)).And.Not.Contain(Id(below)));
    }

    [Test]
    public async Task A_new_department_can_start_under_a_parent()
    {
        var division = await TestData.DepartmentAsync(App);
        var name = TestData.Unique("Neu");

        var response = await TestData.PostFormAsync(_admin, "/admin/departments", "/admin/departments", new() { ["name"] = name, ["parentId"] = Id(division) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT parent_id FROM departments WHERE name = @name", new { name }), Is.EqualTo(division));
    }

    [Test]
    public async Task A_named_head_replaces_the_default_and_an_empty_address_brings_the_default_back()
    {
        var department = await TestData.DepartmentAsync(App);
        var top = await TestData.PersonAsync(App, departmentId: department);
        var named = await TestData.PersonAsync(App, departmentId: department, managerId: top.Id);

        Assert.That((await SetHeadAsync(department, named.Email)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await HeadShownAsync(department), Does.Contain(named.Name));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), Is.EqualTo("department.head_set"));

        Assert.That((await SetHeadAsync(department, "")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await HeadShownAsync(department), Does.Contain(top.Name));
    }

    [Test]
    public async Task A_head_that_is_nobody_is_refused()
    {
        var department = await TestData.DepartmentAsync(App);

        var response = await SetHeadAsync(department, "gibtsnicht@test.example");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ParentOfAsync(department), Is.Null);
    }

    private async Task<string> HeadShownAsync(long department) =>
        (await TestData.GetPageAsync(_admin, $"/departments/{Id(department)}")).QuerySelectorAll("#people .people-group")[0].TextContent;
}
