using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Guides;

/// Moderation reaches the department's places too: a hidden guide leaves the pins, the libraries and a parent's feed
/// for everyone else, and hidden words cannot be copied into a new guide.
public sealed class HiddenGuideTests : AppFixture
{
    private static Task<HttpResponseMessage> HideAsync(HttpClient admin, string path) =>
        TestData.PostFormAsync(admin, "/", path, new() { ["reason"] = "Veraltet und falsch" });

    [Test]
    public async Task A_hidden_guide_leaves_the_pins_the_libraries_and_the_parents_feed()
    {
        var division = await TestData.DepartmentAsync(App);
        var team = await DepartmentAsync(App, division);
        var head = await TestData.PersonAsync(App, departmentId: team);
        var helper = await TestData.PersonAsync(App, departmentId: team, managerId: head.Id);
        await AppointAsync(App, team, helper.Id);
        var influencer = await TestData.SignedInClientAsync(App, helper);
        var guide = await Support.Guides.WriteAsync(influencer, team, TestData.Unique("Anleitung"));
        var pin = await TestData.PostFormAsync(influencer, "/", $"/departments/{Id(team)}/pins", new() { ["postId"] = Id(guide) });
        Assert.That(pin.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var colleague = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var selector = $"#post-{Id(guide)}, a[href='/posts/{Id(guide)}']";
        var places = new[] { $"/departments/{Id(team)}", $"/departments/{Id(division)}?sub=true", "/guides" };
        foreach (var place in places)
        {
            Assert.That((await TestData.GetPageAsync(colleague, place)).QuerySelector(selector), Is.Not.Null, $"shown on {place} before hiding");
        }

        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        Assert.That((await HideAsync(admin, $"/posts/{Id(guide)}/hide")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        foreach (var place in places)
        {
            Assert.That((await TestData.GetPageAsync(colleague, place)).QuerySelector(selector), Is.Null, $"gone from {place}");
        }
    }

    [Test]
    public async Task A_hidden_comment_cannot_become_a_guide()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        await AppointAsync(App, department, helper.Id);
        var asker = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var question = await TestData.ArticleAsync(asker, "Frage", "Wie geht das?");
        var answer = await TestData.CommentAsync(await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App)), question, "Mit dem Passwort von Frau X.");
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        Assert.That((await HideAsync(admin, $"/comments/{Id(answer)}/hide")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var client = await TestData.SignedInClientAsync(App, helper);

        var open = await client.GetAsync($"/posts/new?kind=guide&fromComment={Id(answer)}");
        var fields = Support.Guides.Form(department, "Abgeschrieben", "Mit dem Passwort von Frau X.");
        fields["sourceCommentId"] = Id(answer);
        var save = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", fields);

        Assert.That((open.StatusCode, save.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.BadRequest)));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE source_comment_id = @answer", new { answer }), Is.Zero);
    }
}
