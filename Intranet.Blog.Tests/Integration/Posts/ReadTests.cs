using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// Unique readers are counted and only the count is shown, only to the author.
public sealed class ReadTests : AppFixture
{
    private async Task<(TestPerson Person, HttpClient Client)> SignedInAsync(string? name = null)
    {
        var person = await TestData.PersonAsync(App, name: name);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private Task<long> ReadCountAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT read_count FROM posts WHERE id = @postId", new { postId });

    private static async Task<string?> ReadByOnPageAsync(HttpClient client, long postId) =>
        (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector(".post-page .read-by")?.TextContent;

    [Test]
    public async Task Opening_an_article_counts_the_reader_once()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");
        var (_, reader) = await SignedInAsync();

        await TestData.GetPageAsync(reader, $"/posts/{id}");
        await TestData.GetPageAsync(reader, $"/posts/{id}");

        Assert.That(await ReadCountAsync(id), Is.EqualTo(1));
        Assert.That(await ReadByOnPageAsync(author, id), Is.EqualTo("Gelesen von 1"));
    }

    [Test]
    public async Task Each_reader_counts()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");

        for (var i = 0; i < 3; i++)
        {
            await TestData.GetPageAsync((await SignedInAsync()).Client, $"/posts/{id}");
        }

        Assert.That(await ReadByOnPageAsync(author, id), Is.EqualTo("Gelesen von 3"));
    }

    [Test]
    public async Task The_authors_own_views_do_not_count()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Meins", "Text");

        await TestData.GetPageAsync(author, $"/posts/{id}");
        await TestData.GetPageAsync(author, "/");

        Assert.That(await ReadCountAsync(id), Is.Zero);
    }

    [Test]
    public async Task A_micropost_counts_as_read_when_the_feed_shows_it()
    {
        var (person, author) = await SignedInAsync();
        var id = await TestData.MicroAsync(author, "Kurz und gut");
        var (_, reader) = await SignedInAsync();

        var feed = await TestData.GetPageAsync(reader, "/");

        Assert.That(feed.QuerySelector($"#post-{id}"), Is.Not.Null);
        Assert.That(await ReadCountAsync(id), Is.EqualTo(1));
        var card = (await TestData.GetPageAsync(author, $"/?author={person.Id}")).QuerySelector($"#post-{id} .read-by");
        Assert.That(card?.TextContent, Is.EqualTo("Gelesen von 1"));
    }

    [Test]
    public async Task An_article_in_the_feed_is_not_read_until_opened()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Nur angeteasert", "Text");
        var (_, reader) = await SignedInAsync();

        var feed = await TestData.GetPageAsync(reader, "/");

        Assert.That(feed.QuerySelector($"#post-{id}"), Is.Not.Null);
        Assert.That(await ReadCountAsync(id), Is.Zero);
    }

    [Test]
    public async Task Only_the_author_sees_read_by_on_the_post_page()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");
        var (_, reader) = await SignedInAsync();

        Assert.That(await ReadByOnPageAsync(reader, id), Is.Null);
        Assert.That(await ReadByOnPageAsync(author, id), Is.Not.Null);
    }

    [Test]
    public async Task Only_the_author_sees_read_by_on_the_feed_card()
    {
        var (person, author) = await SignedInAsync();
        var id = await TestData.MicroAsync(author, "Kurz");
        var (_, reader) = await SignedInAsync();

        var readerCard = (await TestData.GetPageAsync(reader, $"/?author={person.Id}")).QuerySelector($"#post-{id}");
        var authorCard = (await TestData.GetPageAsync(author, $"/?author={person.Id}")).QuerySelector($"#post-{id}");

        Assert.That(readerCard?.QuerySelector(".read-by"), Is.Null);
        Assert.That(authorCard?.QuerySelector(".read-by"), Is.Not.Null);
    }

    [Test]
    public async Task No_page_reachable_from_a_read_post_names_its_readers()
    {
        var (person, author) = await SignedInAsync();
        var article = await TestData.ArticleAsync(author, "Gelesen", "Text");
        var micro = await TestData.MicroAsync(author, "Auch gelesen");
        var (reader, readerClient) = await SignedInAsync(TestData.Unique("Leserin"));
        await TestData.GetPageAsync(readerClient, $"/posts/{article}");
        await TestData.GetPageAsync(readerClient, "/");
        Assert.That(await ReadCountAsync(article) + await ReadCountAsync(micro), Is.EqualTo(2), "both were read");

        var visited = new HashSet<string>();
        var queue = new Queue<string>([$"/posts/{article}", $"/posts/{micro}", "/", $"/?author={person.Id}", "/live/events?after=0"]);
        while (queue.Count > 0 && visited.Count < 60)
        {
            var url = queue.Dequeue();
            // The directory and the org chart list everybody by design; what matters is that nothing ties a name to a read.
            if (!visited.Add(url) || url.Split('?')[0] is "/people" or "/people/orgchart")
            {
                continue;
            }

            var response = await author.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain(reader.Name), url);
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var page = await TestData.ParseAsync(response);
                foreach (var href in page.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!.Split('#')[0]))
                {
                    queue.Enqueue(href);
                }
            }
        }

        Assert.That(visited, Has.Count.GreaterThan(5));
    }
}
