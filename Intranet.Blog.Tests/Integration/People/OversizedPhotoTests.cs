using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

/// Over real Kestrel, where the request size limit (4 MB by default) refuses a body before the upload's 2 MB check runs.
public sealed class OversizedPhotoTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory();

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task A_photo_beyond_the_request_limit_gets_a_page_that_names_the_2_MB_limit()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = _app.Address };
        var me = await TestData.PersonAsync(_app);
        await TestData.SignInAsync(client, me.Email, me.Password);
        var token = await TestData.TokenAsync(client, "/people/me/edit");
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Images.WithTrailing(new byte[5 * 1024 * 1024])), "photo", "gross.png" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/people/me/edit") { Content = content };
        request.Headers.ExpectContinue = true;

        using var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("main")!.TextContent, Does.Contain("Bilder dürfen höchstens 2 MB"));
        Assert.That(await Uploads.RowCountAsync(_app, me.Id), Is.Zero);
        Assert.That(Uploads.FileCount(_app), Is.Zero);
    }
}
