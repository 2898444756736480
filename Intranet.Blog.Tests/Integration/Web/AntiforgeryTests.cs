using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Web;

/// A signed-in browser that holds the antiforgery cookie but posts without the form token (a cross-site form).
public sealed class AntiforgeryTests
{
    private BlogAppFactory _app = null!;
    private TestPerson _person = null!;
    private long _postId;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _person = await TestData.PersonAsync(_app);
        using var client = await TestData.SignedInClientAsync(_app, _person);
        _postId = await TestData.ArticleAsync(client, "Ziel", "Inhalt");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [TestCase("/posts", "kind=micro", "body=Gefälscht")]
    [TestCase("/posts/{post}/edit", "title=Gefälscht", "body=Gefälscht")]
    [TestCase("/posts/{post}/delete")]
    [TestCase("/posts/{post}/comments", "body=Gefälscht")]
    [TestCase("/posts/{post}/reactions", "kind=like")]
    [TestCase("/account/language", "locale=en")]
    [TestCase("/account/signout")]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_stores_nothing(string template, params string[] fields)
    {
        using var client = await TestData.SignedInClientAsync(_app, _person);
        await client.GetAsync("/"); // holds the antiforgery cookie, as a browser would
        var before = await SnapshotAsync();
        var url = template.Replace("{post}", $"{_postId}", StringComparison.Ordinal);
        var form = new FormUrlEncodedContent(fields.Select(f => f.Split('=')).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1])));

        var response = await client.PostAsync(url, form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await SnapshotAsync(), Is.EqualTo(before));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "still signed in");
    }

    [Test]
    public async Task A_post_without_the_token_gets_the_bad_request_page()
    {
        using var client = await TestData.SignedInClientAsync(_app, _person);

        var response = await client.PostAsync("/posts", new FormUrlEncodedContent([new("kind", "micro"), new("body", "Gefälscht")]));

        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("main h1")?.TextContent, Is.EqualTo("Ungültige Anfrage"));
    }

    private async Task<List<string>> SnapshotAsync() =>
    [
        await TestData.ScalarAsync<string>(_app, "SELECT string_agg(CAST(id AS TEXT) || ':' || COALESCE(title, '') || ':' || body_md || ':' || COALESCE(CAST(deleted_at AS TEXT), ''), ',' ORDER BY id) FROM posts"),
        $"{await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM comments")}",
        $"{await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM reactions")}",
        $"{await TestData.ScalarAsync<long>(_app, "SELECT COALESCE(MAX(id), 0) FROM events")}",
        await TestData.ScalarAsync<string>(_app, "SELECT string_agg(locale, ',' ORDER BY id) FROM users"),
    ];
}
