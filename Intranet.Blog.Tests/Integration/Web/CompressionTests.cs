using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Web;

/// Style sheets and scripts are compressed for a browser that asks; pages never are, because nearly every page holds
/// the antiforgery token beside text anyone can write, and a compressed length would leak the token (BREACH;
/// bench/README.md, "Bytes on the wire").
public sealed class CompressionTests : AppFixture
{
    private static HttpRequestMessage Asking(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("br, gzip");
        return request;
    }

    [TestCase("/css/site.css", "text/css")]
    [TestCase("/js/site.js", "text/javascript")]
    public async Task A_static_asset_is_compressed_for_a_client_that_asks(string url, string type)
    {
        using var client = App.CreateClient();
        using var response = await client.SendAsync(Asking(url));
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var file = File.ReadAllBytes(Path.Combine(Intranet.Blog.Infrastructure.AppLayout.WebRoot, url.TrimStart('/')));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(type));
        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
        Assert.That(response.Headers.Vary, Does.Contain("Accept-Encoding"));
        Assert.That(compressed, Has.Length.LessThan(file.Length / 2));
    }

    [Test]
    public async Task A_static_asset_is_sent_as_it_is_to_a_client_that_does_not_ask()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/css/site.css");

        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(".reactions"));
    }

    [Test]
    public async Task A_page_with_a_token_beside_a_persons_text_is_never_compressed()
    {
        var person = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, person);
        await TestData.MicroAsync(client, "Text, den jeder schreiben kann");

        using var response = await client.SendAsync(Asking($"/?author={person.Id}"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("__RequestVerificationToken").And.Contain("Text, den jeder schreiben kann"));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
    }

    [Test]
    public async Task Json_is_never_compressed()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        using var response = await client.SendAsync(Asking("/live/events?after=0"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(response.Content.Headers.ContentEncoding, Is.Empty);
    }
}
