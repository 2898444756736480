using System.Net;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Topics;

public sealed class TopicTests : AppFixture
{
    private static string Tag(string prefix) => prefix + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal)[1..];

    private async Task<HttpClient> WriterAsync() => await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

    private async Task<string[]> TopicsOfAsync(long postId)
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<string>(connection,
            "SELECT t.key FROM post_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id = @postId ORDER BY t.key", new { postId })];
    }

    private static long[] CardIds(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("[data-feed] article[data-post-id]").Select(a => long.Parse(a.GetAttribute("data-post-id")!, System.Globalization.CultureInfo.InvariantCulture))];

    [Test]
    public async Task A_post_is_tagged_with_its_topics_and_links_them()
    {
        var client = await WriterAsync();
        var tag = Tag("Betriebsrat");

        var postId = await TestData.MicroAsync(client, $"Treffen des #{tag} und #{tag.ToLowerInvariant()} heute");

        Assert.That(await TopicsOfAsync(postId), Is.EqualTo(new[] { tag.ToLowerInvariant() }));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT name FROM tags WHERE key = @key", new { key = tag.ToLowerInvariant() }), Is.EqualTo(tag), "the first spelling names the topic");
        var link = (await TestData.GetPageAsync(client, "/")).QuerySelector($"#post-{postId} a.topic")!;
        Assert.That(link.GetAttribute("href"), Is.EqualTo($"/topics/{tag.ToLowerInvariant()}"));
        Assert.That(link.TextContent, Is.EqualTo("#" + tag));
    }

    [Test]
    public async Task Editing_replaces_the_topics()
    {
        var client = await WriterAsync();
        var (old, kept, added) = (Tag("Alt"), Tag("Bleibt"), Tag("Neu"));
        var postId = await TestData.ArticleAsync(client, "Themen", $"#{old} #{kept}");

        var response = await TestData.PostFormAsync(client, "/", $"/posts/{postId}/edit", new() { ["kind"] = "article", ["title"] = "Themen", ["body"] = $"#{kept} #{added}" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TopicsOfAsync(postId), Is.EquivalentTo(new[] { kept.ToLowerInvariant(), added.ToLowerInvariant() }));
    }

    [Test]
    public async Task Too_many_or_too_long_topics_are_refused_and_nothing_is_stored()
    {
        var client = await WriterAsync();
        var many = string.Join(' ', Enumerable.Range(1, 11).Select(i => $"#{Tag("Viele")}{i}"));
        var tooLong = "#" + new string('x', 51);

        foreach (var body in new[] { many, tooLong })
        {
            var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = body });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            var page = await TestData.ParseAsync(response);
            Assert.That(TestData.ErrorText(page), Does.Contain(body == many ? "10" : "50"));
            Assert.That(page.QuerySelector("textarea[name=body]")?.TextContent, Is.EqualTo(body));
        }

        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM tags WHERE key LIKE 'viele%' OR key = @key", new { key = tooLong[1..] }), Is.Zero);
    }

    [Test]
    public async Task The_topic_page_lists_its_posts_newest_first_with_paging()
    {
        var client = await WriterAsync();
        var tag = Tag("Weiterbildung");
        var ids = new List<long>();
        for (var i = 0; i < 22; i++)
        {
            ids.Add(await TestData.MicroAsync(client, $"Kurs {i} #{tag}"));
        }

        var untagged = await TestData.MicroAsync(client, "Ohne Thema");
        ids.Reverse();

        var first = await TestData.GetPageAsync(client, $"/topics/{tag}");
        Assert.That(first.QuerySelector("h1")?.TextContent, Is.EqualTo("#" + tag));
        Assert.That(CardIds(first), Is.EqualTo(ids.Take(20)));
        var more = first.QuerySelector("[data-load-more] a")!;
        Assert.That(more.GetAttribute("href"), Is.EqualTo($"/topics/{tag.ToLowerInvariant()}?before={ids[19]}"));

        var second = await TestData.GetPageAsync(client, more.GetAttribute("href")!);
        Assert.That(CardIds(second), Is.EqualTo(ids.Skip(20)));
        var fragment = await TestData.ParseAsync(await client.GetAsync(more.GetAttribute("data-more-url")!));
        Assert.That(fragment.QuerySelectorAll("article[data-post-id]").Select(a => a.GetAttribute("data-post-id")), Is.EqualTo(ids.Skip(20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(CardIds(first).Concat(CardIds(second)), Does.Not.Contain(untagged));
    }

    [Test]
    public async Task The_topic_page_ignores_case_including_umlauts()
    {
        var client = await WriterAsync();
        var tag = Tag("Übergabe");
        var postId = await TestData.MicroAsync(client, $"#{tag} morgen");

        foreach (var spelling in new[] { tag, tag.ToLowerInvariant(), tag.ToUpperInvariant() })
        {
            var page = await TestData.GetPageAsync(client, $"/topics/{Uri.EscapeDataString(spelling)}");
            Assert.That(CardIds(page), Is.EqualTo(new[] { postId }), spelling);
            Assert.That(page.QuerySelector("h1")?.TextContent, Is.EqualTo("#" + tag));
        }
    }

    [Test]
    public async Task An_unknown_topic_is_not_found()
    {
        var client = await WriterAsync();

        var response = await client.GetAsync($"/topics/{Tag("Unbekannt")}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_deleted_post_leaves_the_topic_page()
    {
        var client = await WriterAsync();
        var tag = Tag("Sommerfest");
        var kept = await TestData.MicroAsync(client, $"#{tag} bleibt");
        var deleted = await TestData.MicroAsync(client, $"#{tag} geht");

        var response = await TestData.PostFormAsync(client, "/", $"/posts/{deleted}/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(CardIds(await TestData.GetPageAsync(client, $"/topics/{tag}")), Is.EqualTo(new[] { kept }));
    }

    [Test]
    public async Task A_topic_in_a_comment_links_to_an_existing_topic_but_tags_nothing()
    {
        var client = await WriterAsync();
        var (known, unknown) = (Tag("Bekannt"), Tag("Fremd"));
        await TestData.MicroAsync(client, $"#{known}");
        var postId = await TestData.MicroAsync(client, "Ohne Thema");

        var commentId = await TestData.CommentAsync(client, postId, $"Siehe #{known} und #{unknown}");

        var comment = (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector($"#comment-{commentId}")!;
        Assert.That(comment.QuerySelectorAll("a.topic").Select(a => a.GetAttribute("href")), Is.EqualTo(new[] { $"/topics/{known.ToLowerInvariant()}" }));
        Assert.That(await TopicsOfAsync(postId), Is.Empty);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM tags WHERE key = @key", new { key = unknown.ToLowerInvariant() }), Is.Zero);
    }
}
