using System.Net;
using AngleSharp.Dom;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Comments;

public sealed class CommentTests : AppFixture
{
    private async Task<(TestPerson Author, HttpClient Client, long PostId)> PostAsync()
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        return (author, client, await TestData.ArticleAsync(client, "Diskussion", "Was meint ihr?"));
    }

    private async Task<HttpClient> ColleagueAsync(string role = Roles.Staff) =>
        await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, role));

    private Task<long> CommentCountAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM comments WHERE post_id = @postId", new { postId });

    private Task<string> StoredAsync(long id) =>
        TestData.ScalarAsync<string>(App, "SELECT body_md || '|' || COALESCE(CAST(edited_at AS TEXT), '-') || '|' || COALESCE(CAST(deleted_at AS TEXT), '-') FROM comments WHERE id = @id", new { id });

    private static async Task<IElement?> CommentOnPageAsync(HttpClient client, long postId, long commentId) =>
        (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector($"#comment-{commentId}");

    private static Task<HttpResponseMessage> CommentFormAsync(HttpClient client, long postId, string body, long? parentId = null)
    {
        var fields = new Dictionary<string, string> { ["body"] = body };
        if (parentId is { } p)
        {
            fields["parentId"] = $"{p}";
        }

        return TestData.PostFormAsync(client, $"/posts/{postId}", $"/posts/{postId}/comments", fields);
    }

    [Test]
    public async Task A_commentAppears_on_the_post_page_rendered()
    {
        var (_, author, postId) = await PostAsync();
        using var colleague = await ColleagueAsync();

        var id = await TestData.CommentAsync(colleague, postId, "Finde ich **gut**.");

        var comment = await CommentOnPageAsync(author, postId, id);
        Assert.That(comment?.QuerySelector(".body strong")?.TextContent, Is.EqualTo("gut"));
        Assert.That(comment?.ClassList.Contains("reply"), Is.False);
    }

    [Test]
    public async Task A_reply_nests_under_its_comment()
    {
        var (_, author, postId) = await PostAsync();
        var top = await TestData.CommentAsync(author, postId, "Erster");

        var reply = await TestData.CommentAsync(author, postId, "Antwort", top);

        var page = await TestData.GetPageAsync(author, $"/posts/{postId}");
        Assert.That(page.QuerySelector($"#comment-{top} .replies[data-replies-of='{top}'] > #comment-{reply}"), Is.Not.Null);
    }

    [Test]
    public async Task A_reply_to_a_reply_joins_the_thread_of_the_top_level_comment()
    {
        var (_, author, postId) = await PostAsync();
        var top = await TestData.CommentAsync(author, postId, "Erster");
        var reply = await TestData.CommentAsync(author, postId, "Antwort", top);

        var replyToReply = await TestData.CommentAsync(author, postId, "Antwort auf die Antwort", reply);

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT parent_id FROM comments WHERE id = @replyToReply", new { replyToReply }), Is.EqualTo(top));
        var page = await TestData.GetPageAsync(author, $"/posts/{postId}");
        Assert.That(page.QuerySelector($"#comment-{top} .replies > #comment-{replyToReply}"), Is.Not.Null);
    }

    [Test]
    public async Task A_reply_to_a_comment_of_another_post_is_refused()
    {
        var (_, author, postId) = await PostAsync();
        var otherPost = await TestData.ArticleAsync(author, "Anderes Thema", "Text");
        var foreign = await TestData.CommentAsync(author, otherPost, "Dort");

        var response = await CommentFormAsync(author, postId, "Hier", foreign);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await CommentCountAsync(postId), Is.Zero);
    }

    [Test]
    public async Task A_comment_at_5000_characters_is_accepted()
    {
        var (_, author, postId) = await PostAsync();

        var response = await CommentFormAsync(author, postId, new string('x', 5_000));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task A_comment_over_5000_characters_is_refused_and_nothing_is_stored()
    {
        var (_, author, postId) = await PostAsync();

        var response = await CommentFormAsync(author, postId, new string('x', 5_001));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("Kommentar darf höchstens 5000 Zeichen lang sein."));
        Assert.That(await CommentCountAsync(postId), Is.Zero);
    }

    [Test]
    public async Task An_empty_comment_is_refused()
    {
        var (_, author, postId) = await PostAsync();

        var response = await CommentFormAsync(author, postId, "  \n ");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("Kommentar ist erforderlich."));
        Assert.That(await CommentCountAsync(postId), Is.Zero);
    }

    [Test]
    public async Task A_comment_on_a_deleted_post_is_not_found()
    {
        var (_, author, postId) = await PostAsync();
        await TestData.PostFormAsync(author, "/", $"/posts/{postId}/delete", []);

        var response = await TestData.PostFormAsync(author, "/", $"/posts/{postId}/comments", new() { ["body"] = "Zu spät" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await CommentCountAsync(postId), Is.Zero);
    }

    [Test]
    public async Task The_author_can_edit_their_comment()
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Erste Fassung");

        var response = await TestData.PostFormAsync(author, $"/comments/{id}/edit", $"/comments/{id}/edit",
            new() { ["postId"] = $"{postId}", ["body"] = "Zweite _Fassung_" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var comment = await CommentOnPageAsync(author, postId, id);
        Assert.That(comment?.QuerySelector(".body em")?.TextContent, Is.EqualTo("Fassung"));
        Assert.That(comment?.QuerySelector(".edited")?.TextContent, Does.Contain("bearbeitet"));
    }

    [Test]
    public async Task Someone_else_cannot_open_the_comment_editor()
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Meins");
        using var colleague = await ColleagueAsync();

        var response = await colleague.GetAsync($"/comments/{id}/edit");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase(Roles.Staff)]
    [TestCase(Roles.Admin)]
    public async Task An_edit_of_someone_elses_comment_is_forbidden_and_changes_nothing(string role)
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Meins");
        using var colleague = await ColleagueAsync(role);
        var before = await StoredAsync(id);

        var response = await TestData.PostFormAsync(colleague, "/", $"/comments/{id}/edit", new() { ["postId"] = $"{postId}", ["body"] = "Fremd" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StoredAsync(id), Is.EqualTo(before));
    }

    [Test]
    public async Task The_author_can_delete_their_comment()
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Weg damit");

        var response = await TestData.PostFormAsync(author, "/", $"/comments/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await CommentOnPageAsync(author, postId, id), Is.Null);
    }

    [Test]
    public async Task A_deleted_comment_with_replies_stays_as_a_marker()
    {
        var (_, author, postId) = await PostAsync();
        var top = await TestData.CommentAsync(author, postId, "Weg damit");
        var reply = await TestData.CommentAsync(author, postId, "Bleibt", top);

        await TestData.PostFormAsync(author, "/", $"/comments/{top}/delete", []);

        var comment = await CommentOnPageAsync(author, postId, top);
        Assert.That(comment?.QuerySelector(".deleted")?.TextContent, Is.EqualTo("Dieser Kommentar wurde gelöscht."));
        Assert.That(comment?.TextContent, Does.Not.Contain("Weg damit"));
        Assert.That(comment?.QuerySelector($".replies > #comment-{reply}"), Is.Not.Null);
    }

    [Test]
    public async Task A_delete_of_someone_elses_comment_is_forbidden_and_changes_nothing()
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Meins");
        using var colleague = await ColleagueAsync();
        var before = await StoredAsync(id);

        var response = await TestData.PostFormAsync(colleague, "/", $"/comments/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StoredAsync(id), Is.EqualTo(before));
    }

    [Test]
    public async Task An_admin_cannot_delete_someone_elses_comment()
    {
        var (_, author, postId) = await PostAsync();
        var id = await TestData.CommentAsync(author, postId, "Unpassend");
        using var admin = await ColleagueAsync(Roles.Admin);

        var response = await TestData.PostFormAsync(admin, "/", $"/comments/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await CommentOnPageAsync(author, postId, id), Is.Not.Null);
    }

    [Test]
    public async Task The_comment_count_on_the_card_follows_new_and_deleted_comments()
    {
        var (author, client, postId) = await PostAsync();
        var first = await TestData.CommentAsync(client, postId, "Eins");
        await TestData.CommentAsync(client, postId, "Zwei", first);
        await TestData.CommentAsync(client, postId, "Drei");
        Assert.That(await CardCountAsync(), Is.EqualTo("3"));

        await TestData.PostFormAsync(client, "/", $"/comments/{first}/delete", []);

        Assert.That(await CardCountAsync(), Is.EqualTo("2"));
        var heading = (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector($"[data-comment-total='{postId}']");
        Assert.That(heading?.TextContent, Is.EqualTo("(2)"));

        async Task<string?> CardCountAsync() =>
            (await TestData.GetPageAsync(client, $"/?author={author.Id}")).QuerySelector($"#post-{postId} [data-comment-count]")?.GetAttribute("data-comment-count");
    }

    /// Without JavaScript too: the refusal names the reason and gives the text back.
    [Test]
    public async Task A_comment_sent_after_its_post_was_deleted_comes_back_with_the_reason()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var reader = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await TestData.MicroAsync(author, "Gleich gelöscht");
        var token = await TestData.TokenAsync(reader, $"/posts/{postId}");
        var delete = await TestData.PostFormAsync(author, $"/posts/{postId}", $"/posts/{postId}/delete", []);
        Assert.That(delete.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        var response = await reader.PostAsync($"/posts/{postId}/comments", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["body"] = "Mein langer Text <b>bleibt</b>", ["__RequestVerificationToken"] = token,
        }));

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain("gelöscht, während du geschrieben hast"));
        Assert.That(page.QuerySelector("textarea#kept-body")?.TextContent, Is.EqualTo("Mein langer Text <b>bleibt</b>"));
    }
}
