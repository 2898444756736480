using System.Net;
using Dapper;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Search;

/// The index check that the durability and backup tests use: it sees an index that drifted from its rows, and the
/// migration step's rebuild (after an analyzer change) makes the index equal to the rows again.
[Category(TestEngine.SqliteOnly)]
public sealed class SearchIndexTests : AppFixture
{
    // Posts and comments share one index in rowid ranges of their own (migration 0054): drift in either is seen.
    [TestCase("search_post_docs", false)]
    [TestCase("search_comment_docs", true)]
    public async Task The_check_sees_a_drifted_index_and_a_rebuild_repairs_it(string docs, bool ofTheComment)
    {
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var post = await TestData.MicroAsync(client, "Die Betriebsvereinbarung zur Gleitzeit gilt ab Januar.");
        var comment = await TestData.CommentAsync(client, post, "Gilt die Gleitzeit auch für Teilzeitkräfte?");
        var db = App.Service<Database>();
        await using (var connection = await db.OpenAsync())
        {
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True, "kept by the triggers");

            // What a write past the triggers would leave: the document's terms gone from the index, the row still there.
            // The names come from the test cases, never from input.
            await connection.ExecuteAsync($"INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM {docs} WHERE id = @id",
                new { id = ofTheComment ? comment : post });
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.False, "drift is seen");
        }

        await using (var scope = await db.BeginWriteAsync())
        {
            var progress = new List<string>();
            await Fts5.RebuildAsync(scope.Connection, scope.Transaction, (source, percent) => progress.Add($"{source} {percent}"), CancellationToken.None);
            await scope.CommitAsync();
            Assert.That(progress, Does.Contain("posts 100"));
        }

        await using (var connection = await db.OpenAsync())
        {
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True, "equal after the rebuild");
        }

        var page = await TestData.GetPageAsync(client, "/search?q=Gleitzeit");
        Assert.That(page.QuerySelectorAll($"li[data-post-id='{post}']"), Has.Length.EqualTo(2), "the post and its comment");
    }

    /// The admin's database check compares the index with the rows too, and builds it again when they differ: what a
    /// write past the triggers (a hand edit in the sqlite3 shell) leaves is found and repaired without a restart.
    [Test]
    public async Task The_admins_check_finds_a_drifted_index_and_builds_it_again()
    {
        using var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var post = await TestData.MicroAsync(admin, "Die Dienstreiseordnung ist neu.");
        var sound = await TestData.ParseAsync(await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup/check", []));
        Assert.That(sound.QuerySelector("[data-check-outcome]")?.GetAttribute("data-check-outcome"), Is.EqualTo("sound"));
        Assert.That(sound.QuerySelector("[data-check-search]"), Is.Null, "an index equal to the rows is left as it is");

        await TestData.ExecuteAsync(App, "INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = @post", new { post });
        var drifted = await TestData.GetPageAsync(admin, "/search?q=Dienstreiseordnung");
        Assert.That(drifted.QuerySelector($"li[data-post-id='{post}']"), Is.Null, "what a drifted index no longer finds");

        var repaired = await TestData.ParseAsync(await TestData.PostFormAsync(admin, "/admin/backup", "/admin/backup/check", []));

        Assert.That(repaired.QuerySelector("[data-check-search]")?.GetAttribute("data-check-search"), Is.EqualTo("rebuilt"));
        await using (var connection = await App.Service<Database>().OpenAsync())
        {
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True);
        }

        Assert.That((await TestData.GetPageAsync(admin, "/search?q=Dienstreiseordnung")).QuerySelector($"li[data-post-id='{post}']"), Is.Not.Null, "found again");
    }

    /// FTS5 reports an index that contradicts itself (here a lost size row, as a hand edit past the app leaves) as
    /// SQLITE_CORRUPT_VTAB. Found by a walk: the app took it for a damaged file and stopped all writing, and the
    /// admin's check, which builds the index again, was refused with it. The file is sound: writing goes on, a search
    /// answers 503 while the index is built again, which the first such search starts, and finds again afterwards.
    [Test]
    public async Task A_damaged_search_index_stops_no_writing_and_is_built_again_by_itself()
    {
        await using var app = new BlogAppFactory();
        using var client = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app));
        var post = await TestData.ArticleAsync(client, "Neues Lastenfahrrad für kurze Dienstwege", "Ab Montag steht es im Hof.");
        await TestData.ExecuteAsync(app, "DELETE FROM search_texts_docsize WHERE id = @doc", new { doc = post * 8 + SearchIndex.Doc.Post });

        using (var damaged = await client.GetAsync("/search?q=Lastenfahrrad"))
        {
            Assert.That(damaged.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        }

        Assert.That(app.Service<ReadOnlyMode>().Current, Is.Null, "writing goes on");
        var later = await TestData.MicroAsync(client, "Das Lastenfahrrad ist für Freitag gebucht.");

        var found = false;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !found && DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            using var response = await client.GetAsync("/search?q=Lastenfahrrad");
            found = response.StatusCode == HttpStatusCode.OK
                && (await TestData.ParseAsync(response)).QuerySelectorAll($"li[data-post-id='{post}'], li[data-post-id='{later}']").Length == 2;
        }

        Assert.That(found, Is.True, "both found once the index is built again");
        await using var connection = await app.Service<Database>().OpenAsync();
        Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True);
    }
}
