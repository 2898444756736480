using System.Globalization;
using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Guidelines;

/// The guideline gate over one database: no gate before the first version; then posting, commenting and reacting wait
/// for the current version's acceptance while reading and acknowledging must-reads stay open; a new version asks again
/// and shows what changed; admins see counts per version only. The steps share state, so they are one test.
public sealed class GuidelineTests : AppFixture
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> PublishAsync(HttpClient admin, string body) =>
        TestData.PostFormAsync(admin, "/admin/guidelines", "/admin/guidelines", new() { ["body"] = body });

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, long version, string returnUrl) =>
        TestData.PostFormAsync(client, "/guidelines", "/guidelines/accept", new() { ["version"] = Id(version), ["returnUrl"] = returnUrl });

    private static Task<HttpResponseMessage> MicroAsync(HttpClient client, string body) =>
        TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = body }, "application/json");

    private static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? "";

    private Task<long> CurrentVersionAsync() => TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM guideline_versions");

    [Test]
    public async Task Writing_waits_for_the_current_guidelines_reading_and_must_reads_do_not()
    {
        var adminPerson = await TestData.PersonAsync(App, Roles.Admin);
        var admin = await TestData.SignedInClientAsync(App, adminPerson);
        var executive = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));
        var staffPerson = await TestData.PersonAsync(App);
        var staff = await TestData.SignedInClientAsync(App, staffPerson);
        var memo = await Memos.PublishedAsync(executive, "Rundschreiben vor den Richtlinien", mustRead: true, Memos.InDays(App.Service<TimeProvider>(), 7));
        var post = await TestData.ArticleAsync(executive, "Ein Beitrag", "Zum Kommentieren");

        // No guidelines: no gate, and signing in goes where it was going.
        Assert.That((await MicroAsync(staff, "Vor den Richtlinien")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(Location(await TestData.SignInAsync(App.CreateClient(new() { AllowAutoRedirect = false }), staffPerson.Email, staffPerson.Password, "/people")), Is.EqualTo("/people"));
        Assert.That((await TestData.GetPageAsync(staff, "/guidelines")).QuerySelector("form[action='/guidelines/accept']"), Is.Null);

        var published = await PublishAsync(admin, "# Unsere Regeln\n\nSei freundlich.");
        var v1 = await CurrentVersionAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(Location(published), Is.EqualTo("/admin/guidelines?published=true"));
            var micro = await MicroAsync(staff, "Nach den Richtlinien");
            Assert.That(micro.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a script's post is refused with a reason");
            Assert.That(await micro.Content.ReadAsStringAsync(), Does.Contain("Richtlinien"));
            Assert.That(Location(await staff.GetAsync("/posts/new")), Is.EqualTo("/guidelines?returnUrl=%2Fposts%2Fnew"), "the editor waits");
            var article = await TestData.PostFormAsync(staff, "/", "/posts", new() { ["kind"] = "article", ["title"] = "T", ["body"] = "B" });
            Assert.That(Location(article), Does.StartWith("/guidelines?returnUrl="));
            var comment = await TestData.PostFormAsync(staff, $"/posts/{Id(post)}", $"/posts/{Id(post)}/comments", new() { ["body"] = "Ein Kommentar" });
            Assert.That(Location(comment), Does.StartWith("/guidelines?returnUrl="));
            var reaction = await TestData.PostFormAsync(staff, $"/posts/{Id(post)}", $"/posts/{Id(post)}/reactions", new() { ["kind"] = "like" }, "application/json");
            Assert.That(reaction.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM comments WHERE post_id = @post", new { post }), Is.Zero);
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @Id", staffPerson), Is.EqualTo(1), "only the post from before");

            Assert.That((await staff.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading stays open");
            Assert.That((await staff.GetAsync($"/posts/{Id(post)}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await Memos.AcknowledgeAsync(staff, memo)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "must-reads are acknowledged");
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM acknowledgements WHERE post_id = @memo AND user_id = @Id", new { memo, staffPerson.Id }), Is.EqualTo(1));

            var signIn = await TestData.SignInAsync(App.CreateClient(new() { AllowAutoRedirect = false }), staffPerson.Email, staffPerson.Password, "/people");
            Assert.That(Location(signIn), Is.EqualTo("/guidelines?returnUrl=%2Fpeople"), "a sign-in shows the guidelines first");
        });

        var first = await TestData.GetPageAsync(staff, "/guidelines");
        Assert.That(first.QuerySelector(".prose h1")?.TextContent, Is.EqualTo("Unsere Regeln"));
        Assert.That(first.QuerySelector(".guideline-changes"), Is.Null, "nothing accepted before: no changes to show");
        Assert.That(Location(await AcceptAsync(staff, v1, "/posts/new")), Is.EqualTo("/posts/new"));
        Assert.That((await MicroAsync(staff, "Jetzt darf ich")).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        await AcceptAsync(admin, v1, "/");
        await PublishAsync(admin, "# Unsere Regeln\n\nSei freundlich und sachlich.");
        var v2 = await CurrentVersionAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(v2, Is.GreaterThan(v1));
            Assert.That((await MicroAsync(staff, "Nach Version zwei")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a new version asks again");
            var changed = await TestData.GetPageAsync(staff, "/guidelines");
            Assert.That(changed.QuerySelector(".guideline-changes ins")?.TextContent, Does.Contain("sachlich"), "what changed is shown");
            Assert.That(Location(await AcceptAsync(staff, v1, "/")), Does.StartWith("/guidelines"), "the old version is no longer accepted");
            Assert.That((await MicroAsync(staff, "Immer noch nicht")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });

        await AcceptAsync(staff, v2, "/");
        await AcceptAsync(staff, v2, "/");
        var counts = await TestData.GetPageAsync(admin, "/admin/guidelines");

        Assert.Multiple(async () =>
        {
            Assert.That((await MicroAsync(staff, "Version zwei akzeptiert")).StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(counts.QuerySelector($"tr[data-version='{v1}'] .accepted-count")!.TextContent, Does.StartWith("2 von"), "staff and the publishing admin, who accepted again");
            Assert.That(counts.QuerySelector($"tr[data-version='{v2}'] .accepted-count")!.TextContent, Does.StartWith("2 von"), "accepting twice counts once");
            Assert.That((await MicroAsync(admin, "Die Herausgeberin postet")).StatusCode, Is.EqualTo(HttpStatusCode.Created), "publishing is accepting");
            Assert.That(counts.Body!.TextContent, Does.Not.Contain(staffPerson.Name), "counts only, never who");
            Assert.That((await staff.GetAsync("/admin/guidelines")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Redirect));
            Assert.That((await TestData.PostFormAsync(staff, "/", "/admin/guidelines", new() { ["body"] = "Meine Regeln" })).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Redirect));
            Assert.That(await CurrentVersionAsync(), Is.EqualTo(v2), "nobody but an admin publishes");
            Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log WHERE action = 'guidelines.published' AND actor_id = @Id", adminPerson), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Empty_guidelines_are_refused_with_a_message_and_nothing_is_published()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var before = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM guideline_versions");

        var response = await PublishAsync(admin, "  \n ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Richtlinien ist erforderlich"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM guideline_versions"), Is.EqualTo(before));
    }
}
