using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Trust;

public sealed class RateLimitTests
{
    private const int WritesPerMinute = 3;
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(settings: new Dictionary<string, string>
    {
        ["Intranet:Limits:WritesPerMinute"] = WritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task The_post_after_the_limit_answers_429_with_retry_after_and_reading_still_works()
    {
        var client = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        for (var i = 0; i < WritesPerMinute; i++)
        {
            await TestData.MicroAsync(client, $"Beitrag {i}");
        }

        var refused = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = "einer zu viel" }, "application/json");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
