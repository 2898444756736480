using System.Globalization;
using System.Net;
using System.Text.Json;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Follows;

public sealed class FollowTests : AppFixture
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private Task<long> FollowsAsync(long userId, string kind, long targetId) => TestData.ScalarAsync<long>(App,
        "SELECT COUNT(*) FROM follows WHERE user_id = @userId AND target_kind = @kind AND target_id = @targetId", new { userId, kind, targetId });

    private static Task<HttpResponseMessage> SetAsync(HttpClient client, string kind, long id, bool follow, string? accept = "application/json", string? returnUrl = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["id"] = Id(id), ["follow"] = follow ? "true" : "false" };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        return TestData.PostFormAsync(client, "/departments", "/follows", fields, accept);
    }

    private static async Task<bool> FollowingAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("following").GetBoolean();
    }

    [Test]
    public async Task A_person_follows_and_unfollows_another_person()
    {
        var me = await TestData.PersonAsync(App);
        var other = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);

        Assert.That(await FollowingAsync(await SetAsync(client, "person", other.Id, true)), Is.True);
        Assert.That(await FollowsAsync(me.Id, "person", other.Id), Is.EqualTo(1));
        Assert.That(await FollowingAsync(await SetAsync(client, "person", other.Id, true)), Is.True, "following twice stays one row");
        Assert.That(await FollowsAsync(me.Id, "person", other.Id), Is.EqualTo(1));

        Assert.That(await FollowingAsync(await SetAsync(client, "person", other.Id, false)), Is.False);
        Assert.That(await FollowsAsync(me.Id, "person", other.Id), Is.Zero);
    }

    [Test]
    public async Task A_person_follows_and_unfollows_a_department()
    {
        var me = await TestData.PersonAsync(App);
        var department = await TestData.DepartmentAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);

        Assert.That(await FollowingAsync(await SetAsync(client, "department", department, true)), Is.True);
        Assert.That(await FollowsAsync(me.Id, "department", department), Is.EqualTo(1));
        Assert.That(await FollowingAsync(await SetAsync(client, "department", department, false)), Is.False);
        Assert.That(await FollowsAsync(me.Id, "department", department), Is.Zero);
    }

    [Test]
    public async Task A_person_follows_and_unfollows_a_topic()
    {
        var me = await TestData.PersonAsync(App);
        var topic = await TopicAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);

        Assert.That(await FollowingAsync(await SetAsync(client, "topic", topic, true)), Is.True);
        Assert.That(await FollowsAsync(me.Id, "topic", topic), Is.EqualTo(1));
        Assert.That(await FollowingAsync(await SetAsync(client, "topic", topic, false)), Is.False);
        Assert.That(await FollowsAsync(me.Id, "topic", topic), Is.Zero);
    }

    /// Tags belong to the topics feature; a row is all following needs.
    public static Task<long> TopicAsync(BlogAppFactory app, string? key = null)
    {
        key ??= TestData.Unique("thema").ToLowerInvariant();
        return TestData.ScalarAsync<long>(app, "INSERT INTO tags (key, name, created_at) VALUES (@key, @key, 0) RETURNING id", new { key });
    }

    [Test]
    public async Task Without_script_the_form_redirects_back_to_a_local_address_only()
    {
        var me = await TestData.PersonAsync(App);
        var department = await TestData.DepartmentAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);

        var back = await SetAsync(client, "department", department, true, accept: null, returnUrl: "/departments");
        Assert.That(back.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(back.Headers.Location!.OriginalString, Is.EqualTo("/departments"));

        var away = await SetAsync(client, "department", department, false, accept: null, returnUrl: "https://evil.example/");
        Assert.That(away.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(away.Headers.Location!.OriginalString, Is.EqualTo("/"));
        Assert.That(await FollowsAsync(me.Id, "department", department), Is.Zero);
    }

    [Test]
    public async Task Unknown_targets_are_not_found_and_unknown_kinds_are_refused()
    {
        var me = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);

        Assert.That((await SetAsync(client, "person", 987_654_321, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SetAsync(client, "department", 987_654_321, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SetAsync(client, "topic", 987_654_321, true)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await SetAsync(client, "planet", me.Id, true)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM follows WHERE user_id = @id", new { id = me.Id }), Is.Zero);
    }

    [Test]
    public async Task Following_needs_the_antiforgery_token_and_a_signed_in_person()
    {
        var me = await TestData.PersonAsync(App);
        var other = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["kind"] = "person", ["id"] = Id(other.Id), ["follow"] = "true" });

        var forged = await client.PostAsync("/follows", form);
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        using var anonymous = App.CreateClient(new() { AllowAutoRedirect = false });
        var stranger = await anonymous.PostAsync("/follows", form);
        Assert.That(stranger.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
        Assert.That(await FollowsAsync(me.Id, "person", other.Id), Is.Zero);
    }

    [Test]
    public async Task A_new_person_follows_their_department()
    {
        var department = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: department);

        Assert.That(await FollowsAsync(person.Id, "department", department), Is.EqualTo(1));
    }

    [Test]
    public async Task Moving_to_another_department_follows_it_and_an_unrelated_edit_keeps_an_unfollow()
    {
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        using var adminClient = await TestData.SignedInClientAsync(App, admin);
        var first = await TestData.DepartmentAsync(App);
        var second = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: first);
        using var client = await TestData.SignedInClientAsync(App, person);
        await SetAsync(client, "department", first, false);

        await EditAsync(adminClient, person, first, "Neuer Titel");
        Assert.That(await FollowsAsync(person.Id, "department", first), Is.Zero, "an edit that keeps the department keeps the unfollow");

        await EditAsync(adminClient, person, second, "Neuer Titel");
        Assert.That(await FollowsAsync(person.Id, "department", second), Is.EqualTo(1));
    }

    private static async Task EditAsync(HttpClient admin, TestPerson person, long departmentId, string title)
    {
        var form = new Dictionary<string, string>
        {
            ["displayName"] = person.Name, ["email"] = person.Email, ["title"] = title, ["departmentId"] = Id(departmentId),
            ["managerEmail"] = "", ["role"] = Roles.Staff, ["password"] = "",
        };
        var response = await TestData.PostFormAsync(admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_departments_page_shows_a_pressed_button_for_the_own_department()
    {
        var own = await TestData.DepartmentAsync(App);
        var other = await TestData.DepartmentAsync(App);
        var me = await TestData.PersonAsync(App, departmentId: own);
        using var client = await TestData.SignedInClientAsync(App, me);

        var page = await TestData.GetPageAsync(client, "/departments");
        string? Pressed(long id) => page.QuerySelectorAll("form[data-follow]")
            .Single(f => f.QuerySelector("input[name=id]")!.GetAttribute("value") == Id(id))
            .QuerySelector("button")!.GetAttribute("aria-pressed");
        Assert.That(Pressed(own), Is.EqualTo("true"));
        Assert.That(Pressed(other), Is.EqualTo("false"));
    }

    [Test]
    public async Task A_profile_offers_to_follow_the_person_and_shows_how_to_mention_them()
    {
        var me = await TestData.PersonAsync(App);
        var other = await TestData.PersonAsync(App, name: "Gerda Folgbar");
        using var client = await TestData.SignedInClientAsync(App, me);
        string? Pressed(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("form[data-follow] button")?.GetAttribute("aria-pressed");

        var before = await TestData.GetPageAsync(client, $"/people/{other.Id}");
        Assert.That(Pressed(before), Is.EqualTo("false"));
        Assert.That(before.QuerySelector("form[data-follow] input[name=kind]")!.GetAttribute("value"), Is.EqualTo("person"));
        Assert.That(before.QuerySelector(".profile .handle")!.TextContent, Is.EqualTo("@gerda.folgbar"));

        await SetAsync(client, "person", other.Id, true);

        Assert.That(Pressed(await TestData.GetPageAsync(client, $"/people/{other.Id}")), Is.EqualTo("true"));
        Assert.That(Pressed(await TestData.GetPageAsync(client, $"/people/{me.Id}")), Is.Null, "nobody follows themselves");
    }

    [Test]
    public async Task A_topic_page_offers_to_follow_the_topic()
    {
        var me = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);
        var topic = TestData.Unique("Thema").Replace("-", "", StringComparison.Ordinal);
        await TestData.MicroAsync(client, $"Neu im #{topic}");
        var tagId = await TestData.ScalarAsync<long>(App, "SELECT id FROM tags WHERE key = @key", new { key = topic.ToLowerInvariant() });

        var page = await TestData.GetPageAsync(client, $"/topics/{topic}");
        Assert.That(page.QuerySelector("form[data-follow] button")!.GetAttribute("aria-pressed"), Is.EqualTo("false"));
        Assert.That(page.QuerySelector("form[data-follow] input[name=id]")!.GetAttribute("value"), Is.EqualTo(Id(tagId)));

        await SetAsync(client, "topic", tagId, true);

        page = await TestData.GetPageAsync(client, $"/topics/{topic}");
        Assert.That(page.QuerySelector("form[data-follow] button")!.GetAttribute("aria-pressed"), Is.EqualTo("true"));
    }
}
