using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// Two figures, each for what it counts: "seen" (the card was shown in a feed or on a profile) and "opened" (the
/// post's page was opened). Distinct people are counted and only the counts are shown, only to the author.
public sealed class ReachTests : AppFixture
{
    private async Task<(TestPerson Person, HttpClient Client)> SignedInAsync(string? name = null)
    {
        var person = await TestData.PersonAsync(App, name: name);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private Task<long> OpenedAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT opened_count FROM posts WHERE id = @postId", new { postId });

    private Task<long> SeenAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT seen_count FROM posts WHERE id = @postId", new { postId });

    private static async Task<string?> ReachOnPageAsync(HttpClient client, long postId) =>
        (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector(".post-page .reach")?.TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries) is { } words
            ? string.Join(" ", words) : null;

    [Test]
    public async Task Opening_an_article_counts_the_person_once_as_opened()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");
        var (_, reader) = await SignedInAsync();

        await TestData.GetPageAsync(reader, $"/posts/{id}");
        await TestData.GetPageAsync(reader, $"/posts/{id}");

        Assert.That(await OpenedAsync(id), Is.EqualTo(1));
        Assert.That(await SeenAsync(id), Is.Zero, "opened through a link, its card was never shown");
        Assert.That(await ReachOnPageAsync(author, id), Is.EqualTo("Gesehen: 0 · Geöffnet: 1"));
    }

    [Test]
    public async Task Each_person_counts()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");

        for (var i = 0; i < 3; i++)
        {
            await TestData.GetPageAsync((await SignedInAsync()).Client, $"/posts/{id}");
        }

        Assert.That(await ReachOnPageAsync(author, id), Is.EqualTo("Gesehen: 0 · Geöffnet: 3"));
    }

    [Test]
    public async Task The_authors_own_views_do_not_count()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Meins", "Text");

        await TestData.GetPageAsync(author, $"/posts/{id}");
        await TestData.GetPageAsync(author, "/");

        Assert.That(await OpenedAsync(id), Is.Zero);
        Assert.That(await SeenAsync(id), Is.Zero);
    }

    [Test]
    public async Task A_micropost_shown_in_the_feed_counts_as_seen_not_opened()
    {
        var (person, author) = await SignedInAsync();
        var id = await TestData.MicroAsync(author, "Kurz und gut");
        var (_, reader) = await SignedInAsync();

        var feed = await TestData.GetPageAsync(reader, "/");

        Assert.That(feed.QuerySelector($"#post-{id}"), Is.Not.Null);
        Assert.That(await SeenAsync(id), Is.EqualTo(1));
        Assert.That(await OpenedAsync(id), Is.Zero, "it used to count as read here");
        var card = (await TestData.GetPageAsync(author, $"/?author={person.Id}")).QuerySelector($"#post-{id} .reach");
        Assert.That(card?.QuerySelector(".reach-seen")?.TextContent, Is.EqualTo("Gesehen: 1"));
        Assert.That(card?.QuerySelector(".reach-opened")?.TextContent, Is.EqualTo("Geöffnet: 0"));
    }

    [Test]
    public async Task A_micropost_seen_in_the_feed_and_then_opened_counts_once_in_each()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.MicroAsync(author, "Erst gesehen, dann geöffnet");
        var (_, reader) = await SignedInAsync();

        await TestData.GetPageAsync(reader, "/");
        await TestData.GetPageAsync(reader, $"/posts/{id}");
        await TestData.GetPageAsync(reader, "/");

        Assert.That((await SeenAsync(id), await OpenedAsync(id)), Is.EqualTo((1L, 1L)));
    }

    [Test]
    public async Task An_article_in_the_feed_is_seen_but_not_opened_until_opened()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Nur angeteasert", "Text");
        var (_, reader) = await SignedInAsync();

        var feed = await TestData.GetPageAsync(reader, "/");

        Assert.That(feed.QuerySelector($"#post-{id}"), Is.Not.Null);
        Assert.That(await SeenAsync(id), Is.EqualTo(1));
        Assert.That(await OpenedAsync(id), Is.Zero);
    }

    [Test]
    public async Task Only_the_author_sees_the_figures_on_the_post_page()
    {
        var (_, author) = await SignedInAsync();
        var id = await TestData.ArticleAsync(author, "Lies mich", "Text");
        var (_, reader) = await SignedInAsync();

        Assert.That(await ReachOnPageAsync(reader, id), Is.Null);
        Assert.That(await ReachOnPageAsync(author, id), Is.Not.Null);
    }

    [Test]
    public async Task Only_the_author_sees_the_figures_on_the_feed_card()
    {
        var (person, author) = await SignedInAsync();
        var id = await TestData.MicroAsync(author, "Kurz");
        var (_, reader) = await SignedInAsync();

        var readerCard = (await TestData.GetPageAsync(reader, $"/?author={person.Id}")).QuerySelector($"#post-{id}");
        var authorCard = (await TestData.GetPageAsync(author, $"/?author={person.Id}")).QuerySelector($"#post-{id}");

        Assert.That(readerCard?.QuerySelector(".reach"), Is.Null);
        Assert.That(authorCard?.QuerySelector(".reach"), Is.Not.Null);
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
        Assert.That(await OpenedAsync(article) + await SeenAsync(micro), Is.EqualTo(2), "one opened, one seen");

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
