using System.Net;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Live;

public sealed class HubAccessTests
{
    private const string Evil = "https://evil.example";
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new BlogAppFactory();
        // Kestrel must start before anything else builds the app's services.
        Assert.That(_app.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private string OwnOrigin => _app.Address.GetLeftPart(UriPartial.Authority);

    [Test]
    public async Task A_page_of_the_app_itself_connects()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));

        await using var hub = await session.ConnectAsync(origin: OwnOrigin);

        Assert.That((await hub.InvokeAsync("UnwatchPost", 1)).Error, Is.Null);
    }

    [Test]
    public void Anonymous_negotiate_is_refused_with_401()
    {
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.NegotiateAsync(_app.Address, cookie: null));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task An_anonymous_websocket_is_refused_with_401()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        var (_, token) = await HubProtocolClient.NegotiateAsync(_app.Address, session.Cookie);

        var refused = Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.OpenSocketAsync(_app.Address, token, cookie: null));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_negotiate_from_another_site_is_refused_with_403_even_with_a_valid_cookie()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));

        var refused = Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.NegotiateAsync(_app.Address, session.Cookie, Evil));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_websocket_from_another_site_is_refused_with_403_even_with_a_valid_cookie()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        var (_, token) = await HubProtocolClient.NegotiateAsync(_app.Address, session.Cookie);

        var refused = Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.OpenSocketAsync(_app.Address, token, session.Cookie, Evil));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_websocket_from_the_same_host_on_another_port_is_refused()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        var (_, token) = await HubProtocolClient.NegotiateAsync(_app.Address, session.Cookie);
        var otherPort = new UriBuilder(_app.Address) { Port = _app.Address.Port == 1 ? 2 : 1 }.Uri.GetLeftPart(UriPartial.Authority);

        var refused = Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.OpenSocketAsync(_app.Address, token, session.Cookie, otherPort));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_method_the_hub_does_not_have_fails_with_an_error()
    {
        var person = await TestData.PersonAsync(_app);
        using var session = await KestrelSession.SignInAsync(_app, person);
        await using var hub = await session.ConnectAsync();

        var completion = await hub.InvokeAsync("JoinGroup", "user:1");

        Assert.That(completion.Error, Does.Contain("JoinGroup"));
    }

    [Test]
    public async Task Watching_a_post_that_does_not_exist_fails_and_joins_nothing()
    {
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        await using var hub = await session.ConnectAsync();

        var completion = await hub.InvokeAsync("WatchPost", 999_999_999);

        Assert.That(completion.Error, Does.EndWith("HubException: No such post."));
        Assert.That(_app.Service<Presence>().IsWatching(hub.ConnectionId, 999_999_999), Is.False);
    }

    [Test]
    public async Task Watching_a_deleted_post_fails()
    {
        var author = await TestData.PersonAsync(_app);
        using var session = await KestrelSession.SignInAsync(_app, author);
        var postId = await TestData.MicroAsync(session.Http, TestData.Unique("Weg"));
        await TestData.PostFormAsync(session.Http, "/", $"/posts/{postId}/delete", []);
        await using var hub = await session.ConnectAsync();

        var completion = await hub.InvokeAsync("WatchPost", postId);

        Assert.That(completion.Error, Does.EndWith("HubException: No such post."));
    }

    [Test]
    public async Task A_message_over_32_KB_closes_that_connection_and_the_hub_serves_the_others()
    {
        var postId = await AnyPostAsync();
        using var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        await using var bystander = await session.ConnectAsync();
        await using var flooder = await session.ConnectAsync();

        await flooder.SendRecordAsync($$"""{"type":1,"target":"Typing","arguments":["{{new string('x', 40 * 1024)}}"]}""");

        Assert.That(await flooder.Closed.WaitAsync(HubProtocolClient.Patience), Is.Not.Null);
        Assert.That((await bystander.InvokeAsync("WatchPost", postId)).Error, Is.Null);
    }

    private async Task<long> AnyPostAsync()
    {
        using var author = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        return await TestData.MicroAsync(author.Http, TestData.Unique("Hallo"));
    }
}
