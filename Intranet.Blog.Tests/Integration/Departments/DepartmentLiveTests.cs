using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Live;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Departments;

/// Department pages over the hub: Kestrel starts before anything else builds the app's services.
public sealed class DepartmentLiveTests
{
    private BlogAppFactory App { get; set; } = null!;

    [OneTimeSetUp]
    public void Start()
    {
        App = new BlogAppFactory();
        Assert.That(App.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await App.DisposeAsync();

    private static Task<HttpResponseMessage> RemoveAsync(HttpClient client, long department, long person) =>
        TestData.PostFormAsync(client, $"/departments/{Id(department)}", $"/departments/{Id(department)}/influencers/{Id(person)}/remove", []);

    [Test]
    public async Task Ending_an_appointment_reaches_open_pages_of_the_department_live()
    {
        var department = await TestData.DepartmentAsync(App);
        var helper = await TestData.PersonAsync(App, departmentId: department);
        await OrgTree.AppointAsync(App, department, helper.Id);
        using var session = await KestrelSession.SignInAsync(App, helper);
        await using var hub = await session.ConnectAsync();
        Assert.That((await hub.InvokeAsync("WatchDepartment", department)).Error, Is.Null);
        using var admin = await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App, Roles.Admin));

        await RemoveAsync(admin.Http, department, helper.Id);

        var last = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM events");
        var pushed = (await hub.EventsUntilAsync(last))[^1];
        Assert.That((pushed.Kind, pushed.TargetId), Is.EqualTo((EventKinds.DepartmentPeople, department)));
    }

    [Test]
    public async Task Watching_an_unknown_department_is_refused()
    {
        using var session = await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App));
        await using var hub = await session.ConnectAsync();

        Assert.That((await hub.InvokeAsync("WatchDepartment", 99999999)).Error, Is.Not.Null);
    }

    [Test]
    public async Task Pins_reach_the_open_pages_of_their_place_as_one_section_in_the_new_order()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        using var curator = await KestrelSession.SignInAsync(App, head);
        var first = await TestData.MicroAsync(curator.Http, "Erstens", department);
        var second = await TestData.MicroAsync(curator.Http, "Zweitens", department);
        using var reader = await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App));
        await using var watching = await reader.ConnectAsync();
        Assert.That((await watching.InvokeAsync("WatchDepartment", department)).Error, Is.Null);
        await using var elsewhere = await (await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App))).ConnectAsync();

        await TestData.PostFormAsync(curator.Http, "/", $"/departments/{Id(department)}/pins", new() { ["postId"] = Id(first) });
        await TestData.PostFormAsync(curator.Http, "/", $"/departments/{Id(department)}/pins", new() { ["postId"] = Id(second) });
        await TestData.PostFormAsync(curator.Http, "/", $"/departments/{Id(department)}/pins/{Id(second)}/move", new() { ["direction"] = "up" });

        var last = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM events");
        var pushed = (await watching.EventsUntilAsync(last)).Where(e => e.Kind == EventKinds.DepartmentPins).ToList();
        Assert.That(pushed, Has.Count.EqualTo(3));
        var section = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(pushed[^1].Html!["de"]);
        Assert.That(section.QuerySelectorAll("[data-pin-post]").Select(li => li.GetAttribute("data-pin-post")), Is.EqualTo(new[] { Id(second), Id(first) }));
        Assert.That(section.QuerySelectorAll("input[name=__RequestVerificationToken]"), Is.Empty, "viewer-neutral");
        Assert.That(section.QuerySelectorAll("[data-curate]").All(c => c.HasAttribute("hidden")), Is.True, "controls hidden until the page shows them");

        // A post afterwards reaches everyone: what the other screen received up to it tells what it was sent.
        await TestData.MicroAsync(curator.Http, "Danach");
        var unrelated = await elsewhere.EventsUntilAsync(await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM events"));
        Assert.That(unrelated.Where(e => e.Kind == EventKinds.DepartmentPins), Is.Empty, "only screens with the department's page open");
    }
}
