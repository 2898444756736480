using System.Net;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Departments;

public sealed class InfluencerTests : AppFixture
{
    private static Task<HttpResponseMessage> AppointAsync(HttpClient client, long department, string email) =>
        TestData.PostFormAsync(client, $"/departments/{Id(department)}", $"/departments/{Id(department)}/influencers", new() { ["person"] = email });

    private static Task<HttpResponseMessage> RemoveAsync(HttpClient client, long department, long person) =>
        TestData.PostFormAsync(client, $"/departments/{Id(department)}", $"/departments/{Id(department)}/influencers/{Id(person)}/remove", []);

    private static Task<HttpResponseMessage> DescribeAsync(HttpClient client, long department, string text) =>
        TestData.PostFormAsync(client, $"/departments/{Id(department)}", $"/departments/{Id(department)}/description", new() { ["description"] = text });

    private Task<long> InfluencerCountAsync(long department, long person) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM department_influencers WHERE department_id = @department AND user_id = @person", new { department, person });

    private Task<string> LastAuditAsync() =>
        TestData.ScalarAsync<string>(App, "SELECT action || ' ' || target || ' ' || details FROM audit_log ORDER BY id DESC LIMIT 1");

    [Test]
    public async Task An_admin_appoints_and_removes_an_influencer_and_both_are_audited()
    {
        var department = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: department);
        var adminPerson = await TestData.PersonAsync(App, Roles.Admin);
        var admin = await TestData.SignedInClientAsync(App, adminPerson);

        var appointed = await AppointAsync(admin, department, person.Email.ToUpperInvariant());

        Assert.That(appointed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await InfluencerCountAsync(department, person.Id), Is.EqualTo(1));
        Assert.That(await LastAuditAsync(), Is.EqualTo($"influencer.appointed department:{Id(department)} {{\"personId\":{Id(person.Id)}}}"));

        var removed = await RemoveAsync(admin, department, person.Id);

        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await InfluencerCountAsync(department, person.Id), Is.Zero);
        Assert.That(await LastAuditAsync(), Is.EqualTo($"influencer.removed department:{Id(department)} {{\"personId\":{Id(person.Id)}}}"));
        var log = await TestData.GetPageAsync(admin, $"/admin/audit?kind=influencer&person={Id(adminPerson.Id)}");
        var sentences = log.QuerySelectorAll("tbody tr .sentence").Select(e => e.TextContent).ToList();
        Assert.That(sentences, Has.Count.EqualTo(2), "the audit log's kind filter knows appointments");
        Assert.That(sentences[0], Does.StartWith($"{adminPerson.Name} hat die Ernennung von {person.Name} als Influencer:in der Abteilung ").And.EndWith(" beendet."));
        Assert.That(sentences[1], Does.StartWith($"{adminPerson.Name} hat {person.Name} als Influencer:in der Abteilung ").And.EndWith(" ernannt."));
        Assert.That(log.QuerySelector("select[name=kind] option[value=influencer]"), Is.Not.Null);
    }

    [Test]
    public async Task A_person_can_be_influencer_in_several_departments_and_one_elsewhere()
    {
        var first = await TestData.DepartmentAsync(App);
        var second = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: first);
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

        await AppointAsync(admin, first, person.Email);
        await AppointAsync(admin, second, person.Email);

        Assert.That(await InfluencerCountAsync(first, person.Id) + await InfluencerCountAsync(second, person.Id), Is.EqualTo(2));
    }

    [Test]
    public async Task The_head_of_the_department_appoints_while_staff_and_influencers_get_403()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        var colleague = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        await OrgTree.AppointAsync(App, department, helper.Id);

        var byStaff = await AppointAsync(await TestData.SignedInClientAsync(App, colleague), department, colleague.Email);
        var byInfluencer = await AppointAsync(await TestData.SignedInClientAsync(App, helper), department, colleague.Email);
        Assert.That((byStaff.StatusCode, byInfluencer.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await InfluencerCountAsync(department, colleague.Id), Is.Zero);

        var byHead = await AppointAsync(await TestData.SignedInClientAsync(App, head), department, colleague.Email);
        Assert.That(byHead.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await InfluencerCountAsync(department, colleague.Id), Is.EqualTo(1));
    }

    [Test]
    public async Task Appointing_an_unknown_or_deactivated_address_is_refused_with_a_message()
    {
        var department = await TestData.DepartmentAsync(App);
        var gone = await TestData.PersonAsync(App);
        await TestData.DeactivateAsync(App, gone.Id);
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

        var unknown = await AppointAsync(admin, department, "niemand@test.example");
        var deactivated = await AppointAsync(admin, department, gone.Email);

        Assert.That((unknown.StatusCode, deactivated.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(unknown)), Does.Contain("niemand@test.example"));
        Assert.That(await InfluencerCountAsync(department, gone.Id), Is.Zero);
    }

    [Test]
    public async Task An_influencer_steps_down_but_cannot_remove_another()
    {
        var department = await TestData.DepartmentAsync(App);
        var one = await TestData.PersonAsync(App, departmentId: department);
        var other = await TestData.PersonAsync(App, departmentId: department, managerId: one.Id);
        await OrgTree.AppointAsync(App, department, one.Id);
        await OrgTree.AppointAsync(App, department, other.Id);
        var client = await TestData.SignedInClientAsync(App, other);

        Assert.That((await RemoveAsync(client, department, one.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await RemoveAsync(client, department, other.Id)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await InfluencerCountAsync(department, one.Id), await InfluencerCountAsync(department, other.Id)), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task An_influencer_describes_their_own_department_but_not_another_and_loses_the_right_with_the_appointment()
    {
        var own = await TestData.DepartmentAsync(App);
        var other = await TestData.DepartmentAsync(App);
        await TestData.PersonAsync(App, departmentId: own);
        var helper = await TestData.PersonAsync(App);
        await OrgTree.AppointAsync(App, own, helper.Id);
        var client = await TestData.SignedInClientAsync(App, helper);

        var allowed = await DescribeAsync(client, own, "# Willkommen\n\nWir helfen bei **allem**.");
        var elsewhere = await DescribeAsync(client, other, "Übernommen");

        Assert.That((allowed.StatusCode, elsewhere.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Forbidden)));
        var page = await TestData.GetPageAsync(client, $"/departments/{Id(own)}");
        Assert.That(page.QuerySelector(".department-about strong")!.TextContent, Is.EqualTo("allem"));
        Assert.That(await LastAuditAsync(), Does.StartWith($"department.description_updated department:{Id(own)}"));

        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        await RemoveAsync(admin, own, helper.Id);

        Assert.That((await DescribeAsync(client, own, "Noch einmal")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await client.GetAsync($"/departments/{Id(own)}/description")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT description_md FROM departments WHERE id = @own", new { own }), Does.StartWith("# Willkommen"));
    }

    [Test]
    public async Task A_description_over_the_limit_is_refused_and_keeps_the_text_in_the_form()
    {
        var department = await TestData.DepartmentAsync(App);
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var text = new string('x', 10_001);

        var response = await DescribeAsync(admin, department, text);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("textarea#description")!.TextContent, Is.EqualTo(text));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT description_md FROM departments WHERE id = @department", new { department }), Is.Empty);
    }
}
