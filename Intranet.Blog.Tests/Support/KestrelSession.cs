using System.Net;

namespace Intranet.Blog.Tests.Support;

/// A person signed in over the real Kestrel port, with the cookie jar a WebSocket to the hub needs too.
public sealed class KestrelSession(BlogAppFactory app, TestPerson person, HttpClient http, CookieContainer cookies) : IDisposable
{
    public TestPerson Person { get; } = person;

    /// Talks to the app like a browser: TestData's helpers take it like any other client.
    public HttpClient Http { get; } = http;

    public string Cookie => cookies.GetCookieHeader(app.Address);

    public static async Task<KestrelSession> SignInAsync(BlogAppFactory app, TestPerson person)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.Address };
        var response = await TestData.PostFormAsync(http, "/account/signin", "/account/signin", new() { ["email"] = person.Email, ["password"] = person.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in");
        return new KestrelSession(app, person, http, cookies);
    }

    public Task<HubProtocolClient> ConnectAsync(string? origin = null) => HubProtocolClient.ConnectAsync(app.Address, Cookie, origin);

    public void Dispose() => Http.Dispose();
}
