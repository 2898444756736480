using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Features.AtomFeeds;
using Intranet.Blog.Features.Mail;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Routing;

namespace Intranet.Blog.Tests.Integration.Web;

/// No GET changes anything: every GET route the app maps is requested by a signed-in admin, with ids of real rows,
/// and the database's triggers show what it wrote. Only the records about the viewer alone may appear.
public sealed class GetRoutesWriteNothingTests : AppFixture
{
    /// What a GET may write, each about the viewer alone: that they saw or opened a post, their feed visit, their own
    /// notification marked read when they open it, and the readiness probe's heartbeat row.
    private static readonly TableWrite[] Allowed =
    [
        new("post_seen", "insert", null),
        new("post_opens", "insert", null),
        // Opening a post counts it in the funnel's cells (department, level, time since publishing): a count, not who.
        new("post_open_counts", "insert", null),
        new("post_open_counts", "update", "opened"),
        new("posts", "update", "seen_count"),
        new("posts", "update", "opened_count"),
        new("users", "update", "last_feed_visit"),
        new("users", "update", "prior_feed_visit"),
        new("notifications", "update", "read_at"),
    ];

    private const string HeartbeatTable = "heartbeat";

    private HttpClient _admin = null!;
    private Dictionary<string, string> _examples = null!;

    [OneTimeSetUp]
    public async Task CreateRows() => _examples = await ExamplesAsync();

    [Test]
    public async Task No_get_route_writes_beyond_what_the_viewer_opened()
    {
        var writes = await DatabaseWrites.InstallAsync(App);
        var checkedRoutes = 0;
        var recorded = new List<TableWrite>();
        foreach (var pattern in GetPatterns())
        {
            Assert.That(_examples.TryGetValue(pattern, out var url) || !pattern.Contains('{'), Is.True,
                $"GET {pattern} has no example URL here: add one with the id of a real row, so the route is checked against real data");
            url ??= pattern;
            await writes.TakeAsync();

            var response = await _admin.GetAsync(url);

            Assert.That((int)response.StatusCode, Is.LessThan(500), $"GET {url}");
            var written = await writes.TakeAsync();
            Assert.That(written.Where(w => !Allowed.Contains(w) && w.Table != HeartbeatTable), Is.Empty, $"GET {url} wrote");
            recorded.AddRange(written);
            checkedRoutes++;
        }

        Assert.That(checkedRoutes, Is.GreaterThan(20), "the routing table was read");
        Assert.That(recorded, Has.Member(new TableWrite("post_opens", "insert", null)).And.Member(new TableWrite("notifications", "update", "read_at")),
            "the triggers see what GETs are allowed to write, so they would see anything else");
    }

    [TestCase("/admin/backup", Category = TestEngine.SqliteOnly)]
    [TestCase("/admin/backup/check", Category = TestEngine.SqliteOnly)]
    [TestCase("/admin/diagnostics/memory")]
    public async Task Heavy_actions_answer_only_post_with_the_antiforgery_token(string url)
    {
        var get = await _admin.GetAsync(url);
        using var withoutToken = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent([]) };
        var postWithoutToken = await _admin.SendAsync(withoutToken);
        var post = await TestData.PostFormAsync(_admin, "/admin/backup", url, []);

        Assert.That(get.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("application/zip").And.Not.EqualTo("application/json"), "a GET does no heavy work");
        Assert.That(postWithoutToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "no token, no action");
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// Real rows for every route parameter: the admin's own post, comment, notification and upload, and another
    /// person's unread post, so that the routes that may record something do.
    private async Task<Dictionary<string, string>> ExamplesAsync()
    {
        var department = await TestData.DepartmentAsync(App);
        var admin = await TestData.PersonAsync(App, Roles.Admin, department);
        var author = await TestData.PersonAsync(App, departmentId: department);
        _admin = await TestData.SignedInClientAsync(App, admin);
        var authorClient = await TestData.SignedInClientAsync(App, author);
        var own = await TestData.ArticleAsync(_admin, "Eigener Beitrag", "Text mit #Routenthema");
        var ownComment = await TestData.CommentAsync(_admin, own, "Eigener Kommentar");
        var othersComment = await TestData.CommentAsync(authorClient, own, "Ein Kommentar, der benachrichtigt");
        // A question, so its post page is requested as a question's.
        var unread = await Asking.AskAsync(authorClient, "Noch ungelesen?", department);
        var poll = await PollForms.CreateAsync(authorClient, ["Ja", "Nein"]);
        await PollForms.VoteAsync(authorClient, poll, (await PollForms.OptionsAsync(authorClient, poll))[0]);
        var question = await AskForms.AskAsync(authorClient, "Eine anonyme Frage");
        var memo = await Memos.PublishedAsync(_admin, "Rundschreiben", mustRead: true, Memos.InDays(App.Service<TimeProvider>(), 7));
        var upload = await Uploads.PostMultipartAsync(_admin, "/uploads/new", "/uploads", [], "image", new UploadFile("a.png", Images.Png(2, 2)), "application/json");
        using var json = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        var uploadUrl = json.RootElement.GetProperty("url").GetString()!;

        // Visible now and already announced, so the background announcer has nothing to write during the test.
        await using (var scope = await App.Service<Database>().BeginWriteAsync())
        {
            await scope.Connection.ExecuteAsync("UPDATE notifications SET visible_at = 0, announced = 1 WHERE recipient_id = @Id", admin, scope.Transaction);
            await scope.CommitAsync();
        }

        var notification = await TestData.ScalarAsync<long>(App, "SELECT id FROM notifications WHERE recipient_id = @Id", admin);
        var draft = await DraftForms.NewAsync(_admin, "Entwurf", "Noch nicht veröffentlicht");
        var round = await IdeaForms.OpenAsync(_admin, "Eine Ideensammlung", App.Service<TimeProvider>().GetUtcNow().AddDays(3));
        await IdeaForms.IdeaAsync(authorClient, round, "Eine Idee");
        var feedToken = Uri.EscapeDataString(await App.Service<FeedTokens>().RenewAsync(admin.Id, default));
        string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
        return new()
        {
            ["/posts/{id:long}"] = $"/posts/{Id(unread)}",
            ["/posts/{id:long}/edit"] = $"/posts/{Id(own)}/edit",
            ["/drafts/{id:long}/edit"] = $"/drafts/{Id(draft)}/edit",
            ["/posts/{id:long}/history"] = $"/posts/{Id(own)}/history",
            ["/posts/{id:long}/progress"] = $"/posts/{Id(memo)}/progress",
            ["/posts/{id:long}/reach"] = $"/posts/{Id(memo)}/reach",
            ["/posts/{id:long}/report"] = $"/posts/{Id(unread)}/report",
            ["/comments/{id:long}/report"] = $"/comments/{Id(othersComment)}/report",
            ["/posts/{postId:long}/reactions"] = $"/posts/{Id(own)}/reactions",
            ["/posts/{postId:long}/poll/voters"] = $"/posts/{Id(poll)}/poll/voters",
            ["/posts/{postId:long}/outcome"] = $"/posts/{Id(round)}/outcome",
            ["/ask/{token}"] = $"/ask/{question}",
            ["/comments/{id:long}/edit"] = $"/comments/{Id(ownComment)}/edit",
            ["/posts/{id:long}/delete"] = $"/posts/{Id(own)}/delete",
            ["/comments/{id:long}/delete"] = $"/comments/{Id(ownComment)}/delete",
            ["/people/{id:long}"] = $"/people/{Id(author.Id)}",
            ["/admin/people/{id:long}"] = $"/admin/people/{Id(author.Id)}",
            ["/notifications/{id:long}"] = $"/notifications/{Id(notification)}",
            ["/departments/{id:long}"] = $"/departments/{Id(department)}",
            ["/departments/{id:long}/more"] = $"/departments/{Id(department)}/more?before={long.MaxValue}",
            ["/departments/{id:long}/description"] = $"/departments/{Id(department)}/description",
            ["/departments/{id:long}/questions"] = $"/departments/{Id(department)}/questions",
            ["/departments/{id:long}/response-target"] = $"/departments/{Id(department)}/response-target",
            ["/admin/departments/{id:long}"] = $"/admin/departments/{Id(department)}",
            ["/topics/{key}"] = "/topics/routenthema",
            ["/uploads/{name}"] = uploadUrl,
            ["/error/{status:int?}"] = "/error/404",
            ["/feed/more"] = $"/feed/more?before={long.MaxValue}",
            ["/live/events"] = "/live/events?after=0",
            ["/atom/company.atom"] = $"/atom/company.atom?token={feedToken}",
            ["/atom/departments/{id:long}.atom"] = $"/atom/departments/{Id(department)}.atom?token={feedToken}",
            ["/atom/people/{id:long}.atom"] = $"/atom/people/{Id(author.Id)}.atom?token={feedToken}",
            ["/atom/topics/{key}.atom"] = $"/atom/topics/routenthema.atom?token={feedToken}",
            ["/mail/unsubscribe"] = "/mail/unsubscribe?token=" + Uri.EscapeDataString(App.Service<UnsubscribeLinks>().Token(author.Id, MailKinds.Digest)),
        };
    }

    private IEnumerable<string> GetPatterns() =>
        App.Service<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Contains("GET"))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !p.StartsWith("/hubs/", StringComparison.Ordinal))
            .Distinct();
}
