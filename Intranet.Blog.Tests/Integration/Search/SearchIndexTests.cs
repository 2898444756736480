using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Search;

/// The index check that the durability and backup tests use: it sees an index that drifted from its rows, and the
/// migration step's rebuild (after an analyzer change) makes the index equal to the rows again.
[Category(TestEngine.SqliteOnly)]
public sealed class SearchIndexTests : AppFixture
{
    [Test]
    public async Task The_check_sees_a_drifted_index_and_a_rebuild_repairs_it()
    {
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var post = await TestData.MicroAsync(client, "Die Betriebsvereinbarung zur Gleitzeit gilt ab Januar.");
        var db = App.Service<Database>();
        await using (var connection = await db.OpenAsync())
        {
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True, "kept by the triggers");

            // What a write past the triggers would leave: the post's terms gone from the index, the row still there.
            await connection.ExecuteAsync("INSERT INTO search_texts (search_texts, rowid, title, body, parts) SELECT 'delete', doc, title, body, parts FROM search_post_docs WHERE id = @post", new { post });
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
        Assert.That(page.QuerySelectorAll($"li[data-post-id='{post}']"), Has.Length.EqualTo(1));
    }
}
