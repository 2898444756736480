using System.Net;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Trust;

/// Over real Kestrel, where the request size limit lives.
public sealed class OversizedRequestTests
{
    private const int FiveMegabytes = 5 * 1024 * 1024;
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_5_MB_form_post_is_refused_and_the_app_keeps_answering_while_a_flood_runs()
    {
        using var writer = await KestrelClientAsync();
        using var reader = await KestrelClientAsync();
        var token = await TestData.TokenAsync(writer, "/");

        var flood = Enumerable.Range(0, 4).Select(_ => PostHugeAsync(writer, token)).ToList();
        var feed = await reader.GetAsync("/");
        var statuses = await Task.WhenAll(flood);

        Assert.That(feed.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a reader during the flood");
        Assert.That(statuses.Select(s => s.Status), Has.All.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(statuses.Select(s => s.Page), Has.All.Contains("Die Anfrage ist zu groß"));
        Assert.That((await reader.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a reader after the flood");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts"), Is.Zero);
    }

    [Test]
    public async Task The_refusal_speaks_the_persons_language_and_closes_the_connection()
    {
        using var english = await KestrelClientAsync(locale: "en");
        var token = await TestData.TokenAsync(english, "/");

        var (status, page, closes) = await PostHugeAsync(english, token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(page, Does.Contain("The request is too large"));
        Assert.That(closes, Is.True, "the unread body ends the connection instead of being drained");
    }

    private static async Task<(HttpStatusCode Status, string Page, bool Closes)> PostHugeAsync(HttpClient client, string token)
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["kind"] = "micro",
            ["body"] = new string('x', FiveMegabytes),
        });
        // Like a careful uploader, ask first: the refusal then arrives before the body would, instead of as a reset.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, (await TestData.ParseAsync(response)).QuerySelector("main")?.TextContent ?? "", response.Headers.ConnectionClose == true);
    }

    private async Task<HttpClient> KestrelClientAsync(string locale = "de")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = _app.Address };
        var person = await TestData.PersonAsync(_app);
        await _app.Service<AccountStore>().SetLocaleAsync(person.Id, locale);

        var response = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = person.Email, ["password"] = person.Password });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "sign-in");
        return client;
    }
}
