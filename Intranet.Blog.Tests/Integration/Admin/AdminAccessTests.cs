using System.Net;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Intranet.Blog.Tests.Integration.Admin;

public sealed partial class AdminAccessTests : AppFixture
{
    /// Every route whose authorization names a role, read from the routing table: a route restricted later, under
    /// any path, is covered without editing this test.
    private IReadOnlyList<(string Method, string Template)> AdminRoutes() =>
        App.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

    private static string Url(string template, long id) => "/" + RouteParameter().Replace(template, id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [Test]
    public async Task A_staff_member_gets_403_on_every_admin_page_and_form_and_nothing_changes()
    {
        var staff = await TestData.PersonAsync(App, Roles.Staff);
        var client = await TestData.SignedInClientAsync(App, staff);
        var token = await TestData.TokenAsync(client, "/");
        var routes = AdminRoutes();
        var auditRows = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log");
        var departmentId = await TestData.DepartmentAsync(App);

        Assert.That(routes.Select(r => r.Method).Distinct(), Is.EquivalentTo(new[] { "GET", "POST" }));
        Assert.That(routes.Select(r => r.Template), Has.Some.StartsWith("admin/people").And.Some.StartsWith("admin/backup"), "the routing table was read");
        foreach (var (method, template) in routes)
        {
            var id = template.Contains("departments", StringComparison.Ordinal) ? departmentId : staff.Id;
            using var request = new HttpRequestMessage(new HttpMethod(method), Url(template, id));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token, ["name"] = "Übernommen", ["role"] = Roles.Admin, ["displayName"] = "X", ["email"] = "x@example.de",
                });
            }

            var response = await client.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{method} {template}");
        }

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log"), Is.EqualTo(auditRows));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT role FROM users WHERE id = @id", new { id = staff.Id }), Is.EqualTo(Roles.Staff));
    }

    [Test]
    public async Task A_fetch_call_from_a_staff_member_gets_a_plain_403()
    {
        var staff = await TestData.PersonAsync(App, Roles.Staff);
        var client = await TestData.SignedInClientAsync(App, staff);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/people");
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task An_admin_can_open_every_admin_page()
    {
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        var client = await TestData.SignedInClientAsync(App, admin);
        var department = await TestData.DepartmentAsync(App);

        foreach (var (_, template) in AdminRoutes().Where(r => r.Method == "GET" && r.Template != "admin"))
        {
            var response = await client.GetAsync(Url(template, template.StartsWith("admin/departments/", StringComparison.Ordinal) ? department : admin.Id));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), template);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                Assert.That((await TestData.ParseAsync(response)).QuerySelector("h1"), Is.Not.Null, template);
            }
        }
    }
}
