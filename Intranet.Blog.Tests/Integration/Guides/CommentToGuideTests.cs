using System.Globalization;
using System.Net;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Guides;

public sealed class CommentToGuideTests : AppFixture
{
    private static string S(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task An_influencer_turns_a_helpful_comment_into_a_guide_that_credits_its_author_and_the_comment_links_to_it()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        await AppointAsync(App, department, helper.Id);
        var asker = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var answerer = await TestData.PersonAsync(App, name: TestData.Unique("Antwortende"));
        var question = await TestData.ArticleAsync(asker, "Wie stelle ich den Drucker ein?", "Er druckt nichts.");
        var answer = await TestData.CommentAsync(await TestData.SignedInClientAsync(App, answerer), question, "1. Treiber installieren\n2. Neu starten");
        var client = await TestData.SignedInClientAsync(App, helper);

        var thread = await TestData.GetPageAsync(client, $"/posts/{S(question)}");
        var offer = thread.QuerySelector($"#comment-{S(answer)} a.to-guide")!;
        Assert.That(thread.QuerySelector("[data-post-page]")!.GetAttribute("data-curates"), Is.EqualTo("true"), "the page shows the offer to curators");
        var editor = await TestData.GetPageAsync(client, offer.GetAttribute("href")!);
        var body = editor.QuerySelector("textarea#body")!.TextContent;
        Assert.That(body, Does.StartWith("1. Treiber installieren").And.Contain(answerer.Name).And.Contain($"/posts/{S(question)}#comment-{S(answer)}"));
        Assert.That(editor.QuerySelector("input[name=sourceCommentId]")!.GetAttribute("value"), Is.EqualTo(S(answer)));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE source_comment_id = @answer", new { answer }), Is.Zero, "nothing is published before saving");

        var fields = Support.Guides.Form(department, "Drucker einrichten", body);
        fields["sourceCommentId"] = S(answer);
        var saved = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", fields);

        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        var guide = long.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT source_comment_id FROM posts WHERE id = @guide", new { guide }), Is.EqualTo(answer));
        var after = await TestData.GetPageAsync(asker, $"/posts/{S(question)}");
        Assert.That(after.QuerySelector($"#comment-{S(answer)} a.became-guide")!.GetAttribute("href"), Is.EqualTo($"/posts/{S(guide)}"));
        var guidePage = await TestData.GetPageAsync(asker, $"/posts/{S(guide)}");
        Assert.That(guidePage.QuerySelector($".prose a[href='/posts/{S(question)}#comment-{S(answer)}']"), Is.Not.Null, "a link back to the conversation");

        var again = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", fields);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a comment becomes one guide");
    }

    [Test]
    public async Task A_colleague_who_curates_nothing_cannot_turn_a_comment_into_a_guide()
    {
        var department = await TestData.DepartmentAsync(App);
        await TestData.PersonAsync(App, departmentId: department);
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var post = await TestData.ArticleAsync(author, "Frage", "Wie geht das?");
        var comment = await TestData.CommentAsync(author, post, "So geht das.");
        var colleague = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var open = await colleague.GetAsync($"/posts/new?kind=guide&fromComment={S(comment)}");
        var fields = Support.Guides.Form(department, "Gekapert", "So geht das.");
        fields["sourceCommentId"] = S(comment);
        var save = await TestData.PostFormAsync(colleague, "/posts/new?kind=guide", "/posts", fields);

        Assert.That((open.StatusCode, save.StatusCode), Is.EqualTo((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE source_comment_id = @comment", new { comment }), Is.Zero);
        var thread = await TestData.GetPageAsync(colleague, $"/posts/{S(post)}");
        Assert.That(thread.QuerySelector("[data-post-page]")!.GetAttribute("data-curates"), Is.EqualTo("false"));
        Assert.That(thread.QuerySelector($"#comment-{S(comment)} a.to-guide"), Is.Null, "the offer is not even written for someone who curates nothing");
        Assert.That(thread.QuerySelector($"#comment-{S(comment)} a.reply-link"), Is.Not.Null, "the rest of the comment's footer is there");
    }
}
