using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// Without script, a delete button used to delete at once. It now submits to a confirmation page (a GET, which
/// changes nothing); only that page's button deletes. With script, the browser's confirmation does the same job.
public sealed class DeleteConfirmationTests : AppFixture
{
    private Task<long> DeletedAsync(string table, long id) =>
        TestData.ScalarAsync<long>(App, $"SELECT COUNT(*) FROM {table} WHERE id = @id AND deleted_at IS NOT NULL", new { id });

    [Test]
    public async Task The_delete_button_of_a_post_asks_first_and_only_the_confirmation_deletes()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await TestData.ArticleAsync(author, "Bitte nicht gleich weg", "Text");

        var page = await TestData.GetPageAsync(author, $"/posts/{id}");
        var button = page.QuerySelector($"form[action='/posts/{id}/delete']")!;
        Assert.That(button.GetAttribute("method"), Is.EqualTo("get"), "without script the button only asks");
        var confirm = await TestData.GetPageAsync(author, $"/posts/{id}/delete");

        Assert.That(await DeletedAsync("posts", id), Is.Zero);
        Assert.That(confirm.QuerySelector("h1")!.TextContent, Is.EqualTo("Diesen Beitrag löschen?"));
        Assert.That(confirm.QuerySelector(".confirm-what")!.TextContent, Does.Contain("Bitte nicht gleich weg"));
        Assert.That(confirm.QuerySelector($"form[method=post][action='/posts/{id}/delete'] button[type=submit]"), Is.Not.Null);
        Assert.That(confirm.QuerySelector($".confirm-delete a[href='/posts/{id}']"), Is.Not.Null, "cancel leads back");

        var delete = await TestData.PostFormAsync(author, $"/posts/{id}/delete", $"/posts/{id}/delete", []);

        Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await DeletedAsync("posts", id), Is.EqualTo(1));
    }

    [Test]
    public async Task The_delete_button_of_a_comment_asks_first()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var post = await TestData.MicroAsync(author, "Ein Beitrag");
        var comment = await TestData.CommentAsync(author, post, "Ein Kommentar, der bleiben soll");

        var page = await TestData.GetPageAsync(author, $"/posts/{post}");
        var confirm = await TestData.GetPageAsync(author, $"/comments/{comment}/delete");

        Assert.That(page.QuerySelector($"form[action='/comments/{comment}/delete']")!.GetAttribute("method"), Is.EqualTo("get"));
        Assert.That(await DeletedAsync("comments", comment), Is.Zero);
        Assert.That(confirm.QuerySelector(".confirm-what")!.TextContent, Does.Contain("Ein Kommentar, der bleiben soll"));
        Assert.That(confirm.QuerySelector($"form[method=post][action='/comments/{comment}/delete']"), Is.Not.Null);
    }

    [Test]
    public async Task Only_who_may_delete_gets_the_confirmation_page()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await TestData.MicroAsync(author, "Meins");
        var colleague = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

        Assert.That((await colleague.GetAsync($"/posts/{id}/delete")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        // Only the author deletes; an admin hides through moderation instead.
        Assert.That((await admin.GetAsync($"/posts/{id}/delete")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await author.GetAsync($"/posts/{id}/delete")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await author.GetAsync("/posts/999999999/delete")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
