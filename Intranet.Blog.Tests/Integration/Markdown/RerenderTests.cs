using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Markdown;

/// Stored HTML follows the renderer's fixes: bodies an older renderer made (body_version below the current one) are
/// rendered again from their Markdown, without counting as an edit.
public sealed class RerenderTests : AppFixture
{
    // What the renderer before version 1 made of an image pointing at an admin action.
    private const string OldHtml = "<p><img src=\"/admin/backup\" alt=\"x\" /></p>\n";

    /// Turns a stored post (and optionally one comment) back into what an older renderer left.
    private async Task MakeStaleAsync(long postId, long? commentId = null)
    {
        await using var scope = await App.Service<Database>().BeginWriteAsync();
        await scope.Connection.ExecuteAsync("UPDATE posts SET body_html = @OldHtml, body_version = 0 WHERE id = @postId", new { OldHtml, postId }, scope.Transaction);
        await scope.Connection.ExecuteAsync("UPDATE comments SET body_html = @OldHtml, body_version = 0 WHERE id = @commentId", new { OldHtml, commentId }, scope.Transaction);
        await scope.CommitAsync();
    }

    [Test]
    public async Task A_stale_post_and_comment_are_rendered_again_without_becoming_an_edit()
    {
        var author = await TestData.PersonAsync(App);
        var mentioned = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @Id", mentioned);
        var postId = await TestData.MicroAsync(client, $"![x](/admin/backup) für @{handle}");
        var commentId = await TestData.CommentAsync(client, postId, "![x](/admin/backup)");
        await MakeStaleAsync(postId, commentId);
        var stalePage = await TestData.GetPageAsync(client, $"/?author={author.Id}");
        Assert.That(stalePage.QuerySelector($"article[data-post-id='{postId}'] img[src='/admin/backup']"), Is.Not.Null, "the stale card is served (and cached)");
        var events = await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM events");

        await App.Service<Rerenderer>().RerenderAllAsync(CancellationToken.None);

        var post = await RowAsync("SELECT body_html AS Html, body_version AS Version, edited_at AS EditedAt FROM posts WHERE id = @id", postId);
        var comment = await RowAsync("SELECT body_html AS Html, body_version AS Version, edited_at AS EditedAt FROM comments WHERE id = @id", commentId);
        Assert.Multiple(() =>
        {
            foreach (var row in new[] { post, comment })
            {
                Assert.That(row.Html, Does.Not.Contain("<img"));
                Assert.That(row.Html, Does.Contain("href=\"/admin/backup\""));
                Assert.That(row.Version, Is.EqualTo(MarkdownRenderer.Version));
                Assert.That(row.EditedAt, Is.Null, "not an edit");
            }

            Assert.That(post.Html, Does.Contain($"href=\"/people/{mentioned.Id}\""), "the mention is linked again");
        });
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM events"), Is.EqualTo(events), "no event: nobody is told of an edit");
        var page = await TestData.GetPageAsync(client, $"/?author={author.Id}");
        Assert.That(page.QuerySelector($"article[data-post-id='{postId}'] img"), Is.Null, "the cached card is not served any more");
        Assert.That((await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector("img[src='/admin/backup']"), Is.Null);
    }

    [Test]
    public async Task Each_batch_is_kept_so_a_restart_goes_on_where_it_stopped()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var first = await TestData.MicroAsync(client, "![x](/admin/backup) eins");
        var second = await TestData.MicroAsync(client, "![x](/admin/backup) zwei");
        await MakeStaleAsync(first);
        await MakeStaleAsync(second);
        var posts = App.Service<IEnumerable<IStoredMarkdown>>().Single(s => s.Name == "posts");

        var last = await posts.RerenderBatchAsync(first - 1, 1, CancellationToken.None);

        Assert.That(last, Is.EqualTo(first));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT body_version FROM posts WHERE id = @first", new { first }), Is.EqualTo(MarkdownRenderer.Version));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT body_version FROM posts WHERE id = @second", new { second }), Is.Zero, "the next batch's");
        await App.Service<Rerenderer>().RerenderAllAsync(CancellationToken.None);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT body_version FROM posts WHERE id = @second", new { second }), Is.EqualTo(MarkdownRenderer.Version));
    }

    [Test]
    public async Task A_post_edited_while_its_batch_renders_keeps_the_edit()
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        var postId = await TestData.MicroAsync(client, "Vorher");
        await MakeStaleAsync(postId);
        await using var connection = await App.Service<Database>().OpenAsync();

        await using (var scope = await App.Service<Database>().BeginWriteAsync())
        {
            // What the batch read is "Vorher"; the edit commits "Nachher" before the batch writes.
            var written = await App.Service<Blog.Features.Posts.PostStore>().RerenderedAsync(scope.Connection, scope.Transaction, postId, "Anders", "<p>Anders</p>", "Anders");
            Assert.That(written, Is.Zero, "the source the batch rendered is no longer the stored one");
        }

        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM posts WHERE id = @postId", new { postId }), Is.EqualTo("Vorher"));
    }

    /// The background run after a start, on the real app as a process.
    [Test, CancelAfter(120_000)]
    public async Task After_a_start_stale_bodies_are_rendered_again_in_the_background(CancellationToken ct)
    {
        var data = Path.Combine(Path.GetTempPath(), $"intranet-blog-rerender-{Guid.NewGuid():N}");
        try
        {
            await using (var first = await AppProcess.StartAsync(data, "--Intranet:SeedDemo=true", "--Intranet:Backup:Nightly=false"))
            {
                await first.TerminateAsync(TimeSpan.FromSeconds(30));
            }

            await using (var db = await AppProcess.OpenDatabaseAsync(data))
            {
                await db.ExecuteAsync("UPDATE posts SET body_version = 0, body_html = '<p>alt</p>'; UPDATE comments SET body_version = 0");
            }

            await using var second = await AppProcess.StartAsync(data, "--Intranet:Backup:Nightly=false");
            while (await CountAsync(data, "SELECT COUNT(*) FROM posts WHERE body_version < @v OR body_html = '<p>alt</p>'") > 0
                   || await CountAsync(data, "SELECT COUNT(*) FROM comments WHERE body_version < @v") > 0)
            {
                await Task.Delay(100, ct);
            }

            Assert.That(await CountAsync(data, "SELECT COUNT(*) FROM posts WHERE edited_at IS NOT NULL"), Is.Zero);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<long> CountAsync(string data, string sql)
    {
        await using var db = await AppProcess.OpenDatabaseAsync(data);
        return await db.ExecuteScalarAsync<long>(sql, new { v = MarkdownRenderer.Version });
    }

    private sealed record BodyRow(string Html, long Version, long? EditedAt);

    private async Task<BodyRow> RowAsync(string sql, long id)
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        return await connection.QuerySingleAsync<BodyRow>(sql, new { id });
    }
}
