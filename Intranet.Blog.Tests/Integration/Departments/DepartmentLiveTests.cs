using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Live;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.Org;

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
        await Org.AppointAsync(App, department, helper.Id);
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
}
