using System.Net;
using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Intranet.Blog.Tests.Integration.Web;

/// Enumerates the app's own routing table, so a route added later is covered without editing this test.
public sealed partial class RouteAccessTests : AppFixture
{
    private static readonly string[] Public = ["/account/signin", "/account/https-expected", "/account/first-admin", "/account/set-password", "/account/forgot", "/account/company", "/account/company/failed", "/mail/unsubscribe",
        "/atom/company.atom", "/atom/departments/{id:long}.atom", "/atom/people/{id:long}.atom", "/atom/topics/{key}.atom", "/manifest.webmanifest", "/healthz", "/readyz", "/error/{status:int?}"];
    /// The anonymous requests carry a valid antiforgery token (of an anonymous visitor, from the sign-in page), so
    /// a refusal here is the sign-in requirement's, not a missing token's; and nothing reaches the database.
    [Test]
    public async Task Every_route_but_sign_in_and_health_refuses_anonymous_requests()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var token = await TestData.TokenAsync(client, "/account/signin");
        var writes = await DatabaseWrites.InstallAsync(App);
        var checkedRoutes = 0;
        foreach (var (method, pattern, endpoint) in Routes())
        {
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            Assert.That(anonymous, Is.EqualTo(Public.Contains(pattern)), $"{pattern}: only sign-in (with the company account too), password links, unsubscribing, token feeds, the web app manifest, error and health pages are public");
            if (anonymous)
            {
                continue;
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(pattern));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["body"] = "x", ["__RequestVerificationToken"] = token });
                request.Headers.Add("RequestVerificationToken", token);
            }

            var response = await client.SendAsync(request);
            var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                || response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/signin", StringComparison.Ordinal);
            Assert.That(refused, Is.True, $"{method} {pattern} answered {(int)response.StatusCode} to an anonymous request");
            Assert.That(await writes.TakeAsync(), Is.Empty, $"{method} {pattern} wrote to the database for an anonymous request");
            checkedRoutes++;
        }

        Assert.That(checkedRoutes, Is.GreaterThan(15), "the routing table was read");
    }

    /// The token the test sends is one the app accepts: an anonymous sign-in attempt with it reaches the form's own
    /// checks (a wrong password), so the refusals above are not the antiforgery check's.
    [Test]
    public async Task The_anonymous_token_the_test_sends_passes_the_antiforgery_check()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await TestData.SignInAsync(client, "nobody@test.example", "wrong");

        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Passwort"));
    }

    private IEnumerable<(string Method, string Pattern, RouteEndpoint Endpoint)> Routes()
    {
        var sources = App.Service<IEnumerable<EndpointDataSource>>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (pattern.StartsWith("/hubs/", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                yield return (method, pattern, endpoint);
            }
        }
    }

    /// Route values are filled with 1; authorization is decided before an id is ever looked up.
    private static string Fill(string pattern) => Parameter().Replace(pattern, "1");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
