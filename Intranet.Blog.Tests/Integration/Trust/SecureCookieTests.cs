using System.Net;
using Intranet.Blog.Tests.Support;
using Microsoft.Net.Http.Headers;

namespace Intranet.Blog.Tests.Integration.Trust;

/// The app as production runs it: cookies a network observer or a script cannot take.
public sealed class SecureCookieTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(environment: "Production");

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Sign_in_over_https_sets_a_host_only_secure_http_only_lax_auth_cookie()
    {
        var person = await TestData.PersonAsync(_app);
        var client = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = person.Email, ["password"] = person.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var auth = Cookies(response).Single(c => c.Name.Value!.Contains("auth", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(auth.Name.Value, Does.StartWith("__Host-"));
            Assert.That(auth.Secure, Is.True, "Secure");
            Assert.That(auth.HttpOnly, Is.True, "HttpOnly");
            Assert.That(auth.SameSite, Is.EqualTo(SameSiteMode.Lax));
            Assert.That(auth.Path.Value, Is.EqualTo("/"));
            Assert.That(auth.Domain.HasValue, Is.False, "a __Host- cookie has no Domain");
        });
    }

    [Test]
    public async Task The_antiforgery_cookie_is_secure_http_only_and_lax()
    {
        var client = _app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/account/signin");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var csrf = Cookies(response).Single(c => c.Name.Value!.Contains("csrf", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(csrf.Secure, Is.True, "Secure");
            Assert.That(csrf.HttpOnly, Is.True, "HttpOnly");
            Assert.That(csrf.SameSite, Is.EqualTo(SameSiteMode.Lax));
        });
    }

    private static IList<SetCookieHeaderValue> Cookies(HttpResponseMessage response) =>
        SetCookieHeaderValue.ParseList(response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : []);
}
