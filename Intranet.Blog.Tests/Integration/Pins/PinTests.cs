using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Pins;

/// Its own app, because the clock is replaced: company pins end by themselves.
public sealed class PinTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> PinAsync(HttpClient client, long? department, long postId, string? endsOn = null)
    {
        var fields = new Dictionary<string, string> { ["postId"] = S(postId) };
        if (endsOn is not null)
        {
            fields["endsOn"] = endsOn;
        }

        return TestData.PostFormAsync(client, "/", department is { } d ? $"/departments/{S(d)}/pins" : "/feed/pins", fields);
    }

    private Task<string> PinnedAsync(long? department) => TestData.ScalarAsync<string>(_app,
        "SELECT COALESCE(string_agg(CAST(post_id AS TEXT), ',' ORDER BY position, id), '') FROM pins WHERE COALESCE(department_id, 0) = @place",
        new { place = department ?? 0 });

    /// A department with its head and an influencer reporting to them (so the influencer's rights are the appointment's
    /// alone), and posts of the influencer's there.
    private async Task<(long Department, HttpClient Influencer, long[] Posts)> DepartmentWithPostsAsync(int count)
    {
        var department = await TestData.DepartmentAsync(_app);
        var head = await TestData.PersonAsync(_app, departmentId: department);
        var helper = await TestData.PersonAsync(_app, departmentId: department, managerId: head.Id);
        await AppointAsync(_app, department, helper.Id);
        var client = await TestData.SignedInClientAsync(_app, helper);
        var posts = new long[count];
        for (var i = 0; i < count; i++)
        {
            posts[i] = await TestData.MicroAsync(client, $"Wichtig {i}", department);
        }

        return (department, client, posts);
    }

    [Test]
    public async Task An_influencer_pins_in_their_own_department_but_gets_403_elsewhere_and_on_the_company_feed()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(1);
        var other = await TestData.DepartmentAsync(_app);

        var own = await PinAsync(influencer, department, posts[0]);
        var elsewhere = await PinAsync(influencer, other, posts[0]);
        var company = await PinAsync(influencer, null, posts[0]);

        Assert.That((own.StatusCode, elsewhere.StatusCode, company.StatusCode), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await PinnedAsync(department), Is.EqualTo(S(posts[0])));
        Assert.That(await PinnedAsync(other), Is.Empty);
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT action || ' ' || target FROM audit_log ORDER BY id DESC LIMIT 1"), Is.EqualTo($"pin.added department:{S(department)}"));
    }

    [Test]
    public async Task Executives_and_admins_pin_company_wide_while_an_executive_gets_403_on_a_department_page()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(2);
        var executive = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));

        Assert.That((await PinAsync(executive, null, posts[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PinAsync(executive, department, posts[0])).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await PinAsync(admin, department, posts[1])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PinAsync(admin, null, posts[1])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var feed = await TestData.GetPageAsync(influencer, "/");
        Assert.That(feed.QuerySelectorAll("#pins-company [data-pin-post]").Select(li => li.GetAttribute("data-pin-post")), Is.EqualTo(new[] { S(posts[0]), S(posts[1]) }));
        Assert.That(feed.QuerySelectorAll("#pins-company [data-curate], #pins-company form"), Is.Empty, "no controls, not even hidden ones, for who may not pin there");
        var executives = await TestData.GetPageAsync(executive, "/");
        Assert.That(executives.QuerySelectorAll("#pins-company [data-curate]").Select(c => c.HasAttribute("hidden")), Is.Not.Empty.And.All.False, "the controls for who may");
    }

    [Test]
    public async Task The_order_persists_through_moves_and_a_whole_new_order_and_a_stale_order_is_refused()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(3);
        foreach (var post in posts)
        {
            await PinAsync(influencer, department, post);
        }

        Assert.That(await PinnedAsync(department), Is.EqualTo($"{S(posts[0])},{S(posts[1])},{S(posts[2])}"), "a new pin goes below the others");

        await TestData.PostFormAsync(influencer, "/", $"/departments/{S(department)}/pins/{S(posts[2])}/move", new() { ["direction"] = "up" });
        Assert.That(await PinnedAsync(department), Is.EqualTo($"{S(posts[0])},{S(posts[2])},{S(posts[1])}"));
        await TestData.PostFormAsync(influencer, "/", $"/departments/{S(department)}/pins/{S(posts[0])}/move", new() { ["direction"] = "down" });
        Assert.That(await PinnedAsync(department), Is.EqualTo($"{S(posts[2])},{S(posts[0])},{S(posts[1])}"));

        var reorder = await TestData.PostFormAsync(influencer, "/", $"/departments/{S(department)}/pins/order",
            new() { ["postIds[0]"] = S(posts[1]), ["postIds[1]"] = S(posts[0]), ["postIds[2]"] = S(posts[2]) }, "application/json");
        Assert.That(reorder.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await PinnedAsync(department), Is.EqualTo($"{S(posts[1])},{S(posts[0])},{S(posts[2])}"));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT details FROM audit_log ORDER BY id DESC LIMIT 1"),
            Is.EqualTo($"{{\"postIds\":[{S(posts[1])},{S(posts[0])},{S(posts[2])}]}}"));

        var stale = await TestData.PostFormAsync(influencer, "/", $"/departments/{S(department)}/pins/order",
            new() { ["postIds[0]"] = S(posts[0]), ["postIds[1]"] = S(posts[1]) }, "application/json");
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await PinnedAsync(department), Is.EqualTo($"{S(posts[1])},{S(posts[0])},{S(posts[2])}"));

        var page = await TestData.GetPageAsync(influencer, $"/departments/{S(department)}");
        Assert.That(page.QuerySelectorAll("#pins-" + S(department) + " [data-pin-post]").Select(li => li.GetAttribute("data-pin-post")), Is.EqualTo(new[] { S(posts[1]), S(posts[0]), S(posts[2]) }));
    }

    [Test]
    public async Task Unpinning_is_audited_and_a_removed_influencer_gets_403_at_once()
    {
        var department = await TestData.DepartmentAsync(_app);
        var head = await TestData.PersonAsync(_app, departmentId: department);
        var helper = await TestData.PersonAsync(_app, departmentId: department, managerId: head.Id);
        await AppointAsync(_app, department, helper.Id);
        var client = await TestData.SignedInClientAsync(_app, helper);
        var post = await TestData.MicroAsync(client, "Angeheftet", department);
        await PinAsync(client, department, post);

        var unpinned = await TestData.PostFormAsync(client, "/", $"/departments/{S(department)}/pins/{S(post)}/remove", []);
        Assert.That(unpinned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1"), Is.EqualTo("pin.removed"));

        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        await TestData.PostFormAsync(admin, $"/departments/{S(department)}", $"/departments/{S(department)}/influencers/{S(helper.Id)}/remove", []);

        Assert.That((await PinAsync(client, department, post)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await PinnedAsync(department), Is.Empty);
    }

    [Test]
    public async Task A_company_pin_with_a_last_day_ends_by_itself_and_the_end_is_audited()
    {
        var (_, _, posts) = await DepartmentWithPostsAsync(1);
        var executivePerson = await TestData.PersonAsync(_app, Roles.Executive);
        var executive = await TestData.SignedInClientAsync(_app, executivePerson);
        var lastDay = _clock.GetUtcNow().AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.That((await PinAsync(executive, null, posts[0], lastDay)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await TestData.GetPageAsync(executive, "/")).QuerySelector($"#pins-company [data-pin-post='{S(posts[0])}']"), Is.Not.Null);

        _clock.SetForward(DateTimeOffset.ParseExact(lastDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).AddDays(1).AddMinutes(1));
        executive = await TestData.SignedInClientAsync(_app, executivePerson);
        Assert.That((await TestData.GetPageAsync(executive, "/")).QuerySelector($"#pins-company [data-pin-post='{S(posts[0])}']"), Is.Null, "hidden as soon as it ended");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.That(await scope.ServiceProvider.GetRequiredService<PinService>().ExpireAsync(default), Is.GreaterThanOrEqualTo(1));
        }

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM pins WHERE post_id = @post", new { post = posts[0] }), Is.Zero);
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT COALESCE(actor_id, 0) || ' ' || action || ' ' || target FROM audit_log WHERE action = 'pin.expired' ORDER BY id DESC LIMIT 1"),
            Is.EqualTo("0 pin.expired feed"));
    }

    [Test]
    public async Task A_last_day_in_the_past_is_refused_with_a_message()
    {
        var (_, _, posts) = await DepartmentWithPostsAsync(1);
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));

        var response = await PinAsync(admin, null, posts[0], "2001-01-01");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("höchstens ein Jahr"));
    }

    [Test]
    public async Task The_post_page_offers_to_pin_where_the_viewer_may()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(1);
        var staff = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));

        var mine = await TestData.GetPageAsync(influencer, $"/posts/{S(posts[0])}");
        var theirs = await TestData.GetPageAsync(staff, $"/posts/{S(posts[0])}");

        Assert.That(mine.QuerySelectorAll("#pin-place option").Select(o => o.GetAttribute("value")), Is.EqualTo(new[] { S(department) }));
        Assert.That(theirs.QuerySelector("#pin-place"), Is.Null);
        var response = await TestData.PostFormAsync(influencer, $"/posts/{S(posts[0])}", "/pins",
            new() { ["place"] = S(department), ["postId"] = S(posts[0]), ["returnUrl"] = $"/posts/{S(posts[0])}" });
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo($"/posts/{S(posts[0])}"));
        Assert.That(await PinnedAsync(department), Is.EqualTo(S(posts[0])));
    }

    [Test]
    public async Task A_hidden_post_is_not_pinned()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(1);
        var admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
        var hide = await TestData.PostFormAsync(admin, "/", $"/posts/{S(posts[0])}/hide", new() { ["reason"] = "Falsch" });
        Assert.That(hide.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var response = await PinAsync(influencer, department, posts[0]);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM pins WHERE post_id = @post", new { post = posts[0] }), Is.Zero);
    }

    [Test]
    public async Task Pinning_a_pinned_post_again_records_nothing_unless_its_end_changes()
    {
        var (department, influencer, posts) = await DepartmentWithPostsAsync(1);
        var executive = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Executive));
        var lastDay = _clock.GetUtcNow().UtcDateTime.Date.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        async Task<long> AuditRowsAsync()
        {
            // The details are read as JSON here: SQLite and PostgreSQL have no JSON path syntax in common.
            await using var connection = await _app.Service<Database>().OpenAsync();
            var details = await connection.QueryAsync<string>("SELECT details FROM audit_log WHERE action = 'pin.added'");
            return details.Count(d => JsonNode.Parse(d)?["postId"]?.GetValue<long>() == posts[0]);
        }

        Assert.That((await PinAsync(influencer, department, posts[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PinAsync(influencer, department, posts[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await AuditRowsAsync(), Is.EqualTo(1), "the second pin changed nothing");

        Assert.That((await PinAsync(executive, null, posts[0], lastDay)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PinAsync(executive, null, posts[0], lastDay)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PinAsync(executive, null, posts[0])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await AuditRowsAsync(), Is.EqualTo(3), "a company pin again with the same last day records nothing; without one it does");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM pins WHERE post_id = @post AND department_id IS NULL AND ends_at IS NULL", new { post = posts[0] }),
            Is.EqualTo(1));
    }
}
