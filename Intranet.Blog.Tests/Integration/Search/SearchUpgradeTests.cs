using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Intranet.Blog.Tests.Integration.Search;

/// An installation from before migration 0053 keeps finding what it had: 0053 gave posts and comments an index each,
/// 0054 one again in rowid ranges of their own, and the next start builds it from the rows.
[Category(TestEngine.SqliteOnly)]
public sealed class SearchUpgradeTests
{
    [Test]
    public async Task Posts_and_comments_written_before_the_indexes_were_split_are_found_after_the_upgrade()
    {
        var data = Directory.CreateTempSubdirectory("intranet-blog-upgrade-").FullName;
        var before = Directory.CreateTempSubdirectory("intranet-blog-migrations-").FullName;
        foreach (var file in Directory.GetFiles(AppLayout.SqliteMigrations, "*.sql").Where(f => string.CompareOrdinal(Path.GetFileName(f), "0053") < 0))
        {
            File.Copy(file, Path.Combine(before, Path.GetFileName(file)));
        }

        var word = "Dienstwagen" + Guid.NewGuid().ToString("N")[..8];
        var connections = Connections.For(data);
        await new Migrator(connections, new MigrationFiles(before), TimeProvider.System, NullLogger<Migrator>.Instance, []).MigrateAsync();
        await using (var connection = await connections.OpenAsync())
        {
            // The rows as the app of then wrote them; its triggers put them into the one index of then.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var author = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (email, display_name, security_stamp, created_at) VALUES ('alt@example.org', 'Alt Bestand', 'x', @now) RETURNING id", new { now });
            var post = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO posts (author_id, kind, title, body_md, body_html, created_at)
                VALUES (@author, 'article', @title, 'Wer fährt?', '<p>Wer fährt?</p>', @now) RETURNING id
                """, new { author, title = $"Der {word} ist da", now });
            await connection.ExecuteAsync("""
                INSERT INTO comments (post_id, author_id, body_md, body_html, created_at)
                VALUES (@post, @author, @body, @html, @now)
                """, new { post, author, body = $"Den {word}schlüssel hat die Pforte.", html = $"<p>Den {word}schlüssel hat die Pforte.</p>", now });
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM search_texts WHERE search_texts MATCH @word", new { word = word.ToLowerInvariant() + "*" }),
                Is.EqualTo(2), "indexed as the old app did");
        }

        SqliteConnection.ClearAllPools();
        await using var app = new BlogAppFactory(dataDirectory: data);
        using var client = await TestData.SignedInClientAsync(app, await TestData.PersonAsync(app));
        var page = await TestData.GetPageAsync(client, "/search?q=" + Uri.EscapeDataString(word));

        var found = page.QuerySelectorAll("[data-search-results] li[data-post-id]").Select(li => li.GetAttribute("data-comment-id") is { Length: > 0 } ? "comment" : "post");
        Assert.That(found, Is.EquivalentTo(new[] { "post", "comment" }));
        await using (var connection = await app.Service<Database>().OpenAsync())
        {
            Assert.That(await Fts5.MatchesRowsAsync(connection, CancellationToken.None), Is.True, "the index equals the rows");
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name IN ('search_post_texts', 'search_comment_texts')"), Is.Zero, "0053's indexes are gone");
        }

        Directory.Delete(before, recursive: true);
    }
}
