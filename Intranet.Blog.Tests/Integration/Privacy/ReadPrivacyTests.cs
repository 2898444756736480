using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Intranet.Blog.Tests.Integration.Privacy;

/// Who read an ordinary post is never shown, exported or pushed: every GET route the app maps is requested by the
/// post's author and by an admin before and after a colleague reads the post, and no page may start naming the reader;
/// nothing pushed live or served for catch-up while they read names them. A must-read is the one exception, and the
/// same detector finds the reader there, which proves it can find them.
public sealed partial class ReadPrivacyTests : AppFixture
{
    [Test, CancelAfter(600_000)]
    public async Task No_route_and_no_live_message_reveals_who_read_an_ordinary_post(CancellationToken ct)
    {
        // Kestrel first: the live connections need a real port, and it must start before anything else starts the app.
        _ = App.Address;
        var department = await TestData.DepartmentAsync(App);
        var author = await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App, Roles.Executive, department));
        var admin = await KestrelSession.SignInAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var reader = await TestData.PersonAsync(App, departmentId: department, name: TestData.Unique("Leserin"));
        using var readerSession = await KestrelSession.SignInAsync(App, reader);
        var readerClient = readerSession.Http;
        var article = await TestData.ArticleAsync(author.Http, "Ganz normal", "Ein gewöhnlicher Beitrag #alltag");
        var micro = await TestData.MicroAsync(author.Http, "Kurz und gewöhnlich #alltag");
        var mustRead = await Memos.PublishedAsync(author.Http, "Pflicht", mustRead: true, Memos.InDays(TimeProvider.System, 5), department);
        var routes = Routes().ToList();
        var before = await NamingAsync(routes, [author, admin], reader, article);
        await using var authorLive = await author.ConnectAsync();
        await using var adminLive = await admin.ConnectAsync();

        await TestData.GetPageAsync(readerClient, $"/posts/{article}");
        await TestData.GetPageAsync(readerClient, "/");
        await TestData.GetPageAsync(readerClient, $"/posts/{micro}");
        var sentinel = await TestData.MicroAsync(author.Http, "Danach");
        var after = await NamingAsync(routes, [author, admin], reader, article);

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM post_opens WHERE user_id = @id", new { id = reader.Id }), Is.EqualTo(2), "the opens happened");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM post_seen WHERE user_id = @id", new { id = reader.Id }), Is.GreaterThan(0), "the feed's cards were seen");
        Assert.That(after.Except(before), Is.Empty, "pages that began naming the reader after the read");
        foreach (var live in new[] { authorLive, adminLive })
        {
            var pushed = await live.ReceiveUntilAsync(m => m.Argument.ToString().Contains($"\"targetId\":{sentinel}", StringComparison.Ordinal));
            Assert.That(pushed.Where(m => Names(m.Argument.ToString(), reader)).Select(m => m.Target), Is.Empty, "live messages naming the reader");
        }

        var catchUp = await author.Http.GetStringAsync("/live/events?after=0", ct);
        Assert.That(Names(catchUp, reader), Is.False, "catch-up naming the reader");

        // The exception, seen by the same detector: a must-read's progress lists who has not acknowledged yet.
        var progress = await author.Http.GetStringAsync($"/posts/{mustRead}/progress", ct);
        Assert.That(Names(progress, reader), Is.True);
        Assert.That(routes.Count, Is.GreaterThan(20), "the routing table was read");
    }

    /// "METHOD route as who" for every page that names the reader (by name, e-mail or profile link).
    private async Task<HashSet<string>> NamingAsync(IReadOnlyList<string> routes, KestrelSession[] viewers, TestPerson reader, long postId)
    {
        var naming = new HashSet<string>();
        foreach (var viewer in viewers)
        {
            foreach (var route in routes)
            {
                var url = Parameter().Replace(route, m => m.Value.StartsWith("{key", StringComparison.Ordinal) ? "alltag" : postId.ToString(CultureInfo.InvariantCulture));
                var response = await viewer.Http.GetAsync(url);
                var body = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
                if (Names(body, reader))
                {
                    naming.Add($"GET {route} as {viewer.Person.Name}");
                }
            }
        }

        return naming;
    }

    private static bool Names(string text, TestPerson reader) =>
        text.Contains(reader.Name, StringComparison.Ordinal) || text.Contains(reader.Email, StringComparison.OrdinalIgnoreCase)
        || text.Contains($"/people/{reader.Id}\"", StringComparison.Ordinal) || text.Contains($"\"userId\":{reader.Id}", StringComparison.Ordinal);

    private IEnumerable<string> Routes() =>
        App.Service<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !p.StartsWith("/hubs/", StringComparison.Ordinal) && !p.StartsWith("/error", StringComparison.Ordinal))
            .Distinct();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
