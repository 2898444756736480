using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Topics;

/// Its own app, because the clock is replaced: trending counts the posts of the last seven days.
public sealed class TrendingTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    private static Dictionary<string, string> Trending(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll(".trending li").ToDictionary(li => li.QuerySelector("a.topic")!.TextContent, li => li.QuerySelector(".count")!.TextContent);

    [Test]
    public async Task Trending_counts_posts_of_the_last_seven_days_most_first()
    {
        var person = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, person);
        for (var i = 0; i < 3; i++)
        {
            await TestData.MicroAsync(client, $"Altes Thema #Inventur {i}");
        }

        var old = await TestData.ArticleAsync(client, "Alter Beitrag", "Noch ohne Thema");
        _clock.Advance(TimeSpan.FromDays(8));
        client = await TestData.SignedInClientAsync(_app, person);
        await TestData.MicroAsync(client, "Neu #Betriebsrat #Sommerfest");
        await TestData.MicroAsync(client, "Neu #betriebsrat");
        var deleted = await TestData.MicroAsync(client, "#Sommerfest gelöscht");
        await TestData.PostFormAsync(client, "/", $"/posts/{deleted}/delete", []);
        // Tagging an old post today does not make the topic trend: it counts when the post was written.
        await TestData.PostFormAsync(client, "/", $"/posts/{old}/edit", new() { ["kind"] = "article", ["title"] = "Alter Beitrag", ["body"] = "Jetzt mit #Altlast" });

        var trending = Trending(await TestData.GetPageAsync(client, "/"));

        Assert.That(trending.Keys, Does.Contain("#Betriebsrat").And.Contain("#Sommerfest"));
        Assert.That(trending.Keys, Does.Not.Contain("#Inventur").And.Not.Contain("#Altlast"));
        Assert.That(trending.Keys.First(), Is.EqualTo("#Betriebsrat"), "most posts first");
        Assert.That(trending["#Betriebsrat"], Is.EqualTo("2"));
        Assert.That(trending["#Sommerfest"], Is.EqualTo("1"), "a deleted post does not count");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM tags WHERE key = 'altlast'"), Is.EqualTo(1));
    }

    [Test]
    public async Task Trending_shows_at_most_eight_topics_each_linked()
    {
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        await TestData.MicroAsync(client, string.Join(' ', Enumerable.Range(1, 10).Select(i => $"#Viele{i}")));

        var links = (await TestData.GetPageAsync(client, "/")).QuerySelectorAll(".trending a.topic");

        Assert.That(links, Has.Length.EqualTo(8));
        Assert.That(links.Select(a => a.GetAttribute("href")), Has.All.StartWith("/topics/"));
    }
}
