using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Account;

public sealed class AnonymousAccessTests
{
    private BlogAppFactory _app = null!;
    private long _postId;
    private long _commentId;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        var author = await TestData.PersonAsync(_app);
        using var client = await TestData.SignedInClientAsync(_app, author);
        _postId = await TestData.ArticleAsync(client, "Für alle", "Inhalt");
        _commentId = await TestData.CommentAsync(client, _postId, "Ein Kommentar");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private HttpClient Anonymous() => _app.CreateClient(new() { AllowAutoRedirect = false });

    [TestCase("/")]
    [TestCase("/?kind=article")]
    [TestCase("/?author={post}")]
    [TestCase("/feed/more?before=1000")]
    [TestCase("/posts/new")]
    [TestCase("/posts/{post}")]
    [TestCase("/posts/{post}/edit")]
    [TestCase("/posts/{post}/reactions")]
    [TestCase("/comments/{comment}/edit")]
    [TestCase("/departments")]
    public async Task A_page_sends_anonymous_visitors_to_sign_in(string template)
    {
        var url = template.Replace("{post}", $"{_postId}", StringComparison.Ordinal).Replace("{comment}", $"{_commentId}", StringComparison.Ordinal);
        using var client = Anonymous();

        var response = await client.GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.AbsolutePath, Is.EqualTo("/account/signin"));
    }

    [Test]
    public async Task The_sign_in_page_is_open_to_anonymous_visitors()
    {
        using var client = Anonymous();

        var page = await TestData.GetPageAsync(client, "/account/signin");

        Assert.That(page.QuerySelector("form[action='/account/signin'] input[name=password]"), Is.Not.Null);
    }

    [Test]
    public async Task The_live_event_log_answers_anonymous_callers_with_401()
    {
        using var client = Anonymous();

        var response = await client.GetAsync("/live/events?after=0");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
