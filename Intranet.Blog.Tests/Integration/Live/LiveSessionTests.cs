using Intranet.Blog.Features.Admin;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Live;

/// Deactivating a person or changing their role reaches their open live connections at once, not at their next sign-in.
public sealed class LiveSessionTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new BlogAppFactory();
        Assert.That(_app.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task DeactivateAsync(TestPerson admin, TestPerson person)
    {
        using var scope = _app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AdminService>().SetActiveAsync(admin.Id, person.Id, active: false, CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(Features.Shared.WriteStatus.Ok));
    }

    [Test]
    public async Task Deactivation_closes_the_persons_open_live_connections()
    {
        var admin = await TestData.PersonAsync(_app, Roles.Admin);
        var person = await TestData.PersonAsync(_app);
        using var session = await KestrelSession.SignInAsync(_app, person);
        await using var hub = await session.ConnectAsync(origin: _app.Address.GetLeftPart(UriPartial.Authority));

        await DeactivateAsync(admin, person);

        var closed = await Task.WhenAny(hub.Closed, Task.Delay(HubProtocolClient.Patience));
        Assert.That(closed, Is.SameAs(hub.Closed), "the connection was closed by the server");
        Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.NegotiateAsync(_app.Address, session.Cookie), "and cannot reconnect");
    }

    [Test]
    public async Task Someone_elses_connection_stays_open_when_a_person_is_deactivated()
    {
        var admin = await TestData.PersonAsync(_app, Roles.Admin);
        var person = await TestData.PersonAsync(_app);
        var bystander = await TestData.PersonAsync(_app);
        using var session = await KestrelSession.SignInAsync(_app, bystander);
        await using var hub = await session.ConnectAsync(origin: _app.Address.GetLeftPart(UriPartial.Authority));

        await DeactivateAsync(admin, person);

        Assert.That((await hub.InvokeAsync("UnwatchPost", 1)).Error, Is.Null);
    }
}
