using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Shared;

public sealed class ErrorPageTests : AppFixture
{
    [Test]
    public async Task An_anonymous_post_without_a_token_keeps_its_401_through_the_error_page()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = new FormUrlEncodedContent([new("body", "Hallo")]) };
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_missing_post_shows_the_not_found_page()
    {
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var response = await client.GetAsync("/posts/987654321");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("main h1")?.TextContent, Is.EqualTo("Nicht gefunden"));
    }

    [Test]
    public async Task A_form_the_server_cannot_read_gets_the_bad_request_page_not_an_empty_one()
    {
        using var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var token = await TestData.TokenAsync(client, "/");
        var form = new StringContent($"kind=micro&body=a%00b&__RequestVerificationToken={Uri.EscapeDataString(token)}",
            System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await client.PostAsync("/posts", form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("main h1")?.TextContent, Is.EqualTo("Ungültige Anfrage"));
    }

    [Test]
    public async Task The_error_page_takes_its_status_from_the_address()
    {
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/error/429");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("main h1")?.TextContent, Is.EqualTo("Zu viele Anfragen"));
    }
}
