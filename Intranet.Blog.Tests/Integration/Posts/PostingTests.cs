using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

public sealed class PostingTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_micropost_appears_at_the_top_of_the_feed()
    {
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var text = TestData.Unique("Hallo");

        var id = await TestData.MicroAsync(client, text);

        var feed = await TestData.GetPageAsync(client, "/");
        var first = feed.QuerySelector("[data-feed] article[data-post-id]")!;
        Assert.That(first.GetAttribute("data-post-id"), Is.EqualTo(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(first.QuerySelector(".body")!.TextContent.Trim(), Is.EqualTo(text));
    }

    [Test]
    public async Task A_micropost_over_500_characters_is_refused_and_nothing_is_stored()
    {
        var author = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, author);
        var before = await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = author.Id });

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = new string('x', 501) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector(".errors")!.TextContent, Does.Contain("500"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = author.Id }), Is.EqualTo(before));
    }
}
