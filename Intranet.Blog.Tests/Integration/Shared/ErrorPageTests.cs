using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Shared;

public sealed class ErrorPageTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task An_anonymous_post_without_a_token_keeps_its_401_through_the_error_page()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = new FormUrlEncodedContent([new("body", "Hallo")]) };
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
