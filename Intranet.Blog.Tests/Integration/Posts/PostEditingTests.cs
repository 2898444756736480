using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

public sealed class PostEditingTests : AppFixture
{
    private async Task<(HttpClient Author, long PostId)> ArticleAsync()
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        return (client, await TestData.ArticleAsync(client, "Original", "Erste Fassung"));
    }

    private async Task<HttpClient> OtherAsync(string role = Roles.Staff) =>
        await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, role));

    private Task<string> StoredAsync(long id) =>
        TestData.ScalarAsync<string>(App, "SELECT title || '|' || body_md || '|' || COALESCE(CAST(edited_at AS TEXT), '-') || '|' || COALESCE(CAST(deleted_at AS TEXT), '-') FROM posts WHERE id = @id", new { id });

    private static Task<HttpResponseMessage> EditAsync(HttpClient client, long id, string title, string body, string tokenPage = "/") =>
        TestData.PostFormAsync(client, tokenPage, $"/posts/{id}/edit", new() { ["kind"] = "article", ["title"] = title, ["body"] = body });

    [Test]
    public async Task The_edit_form_holds_the_markdown_source()
    {
        var (author, id) = await ArticleAsync();

        var page = await TestData.GetPageAsync(author, $"/posts/{id}/edit");

        Assert.That(page.QuerySelector("input[name=title]")?.GetAttribute("value"), Is.EqualTo("Original"));
        Assert.That(page.QuerySelector("textarea[name=body]")?.TextContent, Is.EqualTo("Erste Fassung"));
    }

    [Test]
    public async Task An_edit_by_the_author_updates_the_body_and_marks_the_post_edited()
    {
        var (author, id) = await ArticleAsync();

        var response = await EditAsync(author, id, "Neu", "Zweite **Fassung**", $"/posts/{id}/edit");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await TestData.GetPageAsync(author, $"/posts/{id}");
        Assert.That(page.QuerySelector("h1.post-title")?.TextContent, Is.EqualTo("Neu"));
        Assert.That(page.QuerySelector(".prose strong")?.TextContent, Is.EqualTo("Fassung"));
        Assert.That(page.QuerySelector(".post-page .edited")?.TextContent, Does.Contain("bearbeitet"));
    }

    [Test]
    public async Task An_unedited_post_is_not_marked_edited()
    {
        var (author, id) = await ArticleAsync();

        var page = await TestData.GetPageAsync(author, $"/posts/{id}");

        Assert.That(page.QuerySelector(".post-page .edited"), Is.Null);
    }

    [Test]
    public async Task An_invalid_edit_is_refused_and_leaves_the_post_unchanged()
    {
        var (author, id) = await ArticleAsync();
        var before = await StoredAsync(id);

        var response = await EditAsync(author, id, "Neu", new string('>', 10_000));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await StoredAsync(id), Is.EqualTo(before));
    }

    [Test]
    public async Task Someone_else_cannot_open_the_edit_form()
    {
        var (_, id) = await ArticleAsync();
        using var other = await OtherAsync();

        var response = await other.GetAsync($"/posts/{id}/edit");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase(Roles.Staff)]
    [TestCase(Roles.Admin)]
    public async Task An_edit_by_someone_else_is_forbidden_and_changes_nothing(string role)
    {
        var (_, id) = await ArticleAsync();
        using var other = await OtherAsync(role);
        var before = await StoredAsync(id);

        var response = await EditAsync(other, id, "Übernommen", "Fremder Text");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StoredAsync(id), Is.EqualTo(before));
    }

    [Test]
    public async Task A_delete_by_another_staff_member_is_forbidden_and_changes_nothing()
    {
        var (_, id) = await ArticleAsync();
        using var other = await OtherAsync();
        var before = await StoredAsync(id);

        var response = await TestData.PostFormAsync(other, "/", $"/posts/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await StoredAsync(id), Is.EqualTo(before));
    }

    /// Deleting is the author's own act: an admin hides with a reason instead (Moderation), which is audited.
    [Test]
    public async Task An_admin_cannot_delete_someone_elses_post()
    {
        var (author, id) = await ArticleAsync();
        using var admin = await OtherAsync(Roles.Admin);

        var response = await TestData.PostFormAsync(admin, "/", $"/posts/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await author.GetAsync($"/posts/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_author_can_delete_their_post()
    {
        var (author, id) = await ArticleAsync();

        var response = await TestData.PostFormAsync(author, $"/posts/{id}", $"/posts/{id}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await author.GetAsync($"/posts/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_deleted_post_can_no_longer_be_edited()
    {
        var (author, id) = await ArticleAsync();
        await TestData.PostFormAsync(author, "/", $"/posts/{id}/delete", []);

        var response = await EditAsync(author, id, "Wieder da", "Text");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Only_the_author_sees_the_delete_button()
    {
        var (author, id) = await ArticleAsync();
        using var other = await OtherAsync();
        using var admin = await OtherAsync(Roles.Admin);
        var form = $"form[action='/posts/{id}/delete']";

        Assert.That((await TestData.GetPageAsync(author, $"/posts/{id}")).QuerySelector(form), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(admin, $"/posts/{id}")).QuerySelector(form), Is.Null);
        Assert.That((await TestData.GetPageAsync(other, $"/posts/{id}")).QuerySelector(form), Is.Null);
    }
}
