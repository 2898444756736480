using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.FirstRun;

/// The app as an administrator first starts it: no environment set (Production), so it expects HTTPS, and opened over
/// plain HTTP. The sign-in page used to answer 500 ("SecurePolicy = Always, but the current request is not an SSL
/// request"); now it says what the server expects and how to allow plain HTTP for a trial, in the person's language.
public sealed class PlainHttpTests
{
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(environment: "Production");

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private HttpClient PlainClient() => _app.CreateClient(new() { BaseAddress = new Uri("http://intranet.example"), AllowAutoRedirect = false });

    [Test]
    public async Task The_sign_in_page_over_plain_http_explains_https_and_names_the_setting_for_a_trial()
    {
        var response = await PlainClient().GetAsync("/account/signin");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestData.ParseAsync(response);
        var text = page.QuerySelector("main")!.TextContent;
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Dieser Server erwartet HTTPS"));
        Assert.That(text, Does.Contain("--Intranet:SecureCookies=false").And.Contain("Intranet__SecureCookies=false").And.Contain("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true"));
        Assert.That(page.QuerySelector("a[href='https://intranet.example/account/signin']"), Is.Not.Null, "a way to the same page over HTTPS");
        Assert.That(page.QuerySelector("input[type=password]"), Is.Null, "no form that cannot work");
    }

    [Test]
    public async Task The_explanation_comes_in_the_language_the_person_picks()
    {
        var page = await TestData.GetPageAsync(PlainClient(), "/account/signin?culture=en");

        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("This server expects HTTPS"));
        Assert.That(page.DocumentElement.GetAttribute("lang"), Is.EqualTo("en"));
    }

    [Test]
    public async Task Posting_the_sign_in_form_over_plain_http_is_refused_with_the_explanation_not_an_error()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@b.example", ["password"] = "irrelevant" }),
        };

        var response = await PlainClient().SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("h1")!.TextContent, Is.EqualTo("Dieser Server erwartet HTTPS"));
    }

    [TestCase("/")]
    [TestCase("/posts/new")]
    [TestCase("/admin/people")]
    public async Task Other_pages_over_plain_http_lead_to_the_explanation(string url)
    {
        var response = await PlainClient().GetAsync(url);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Is.EqualTo("/account/signin"));
    }

    [Test]
    public async Task Health_probes_and_static_files_still_answer_over_plain_http()
    {
        var client = PlainClient();

        Assert.That((await client.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await client.GetAsync("/css/site.css")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Over_https_the_sign_in_form_is_there_and_the_explanation_is_not()
    {
        var client = _app.CreateClient(new() { BaseAddress = new Uri("https://intranet.example"), AllowAutoRedirect = false });

        var page = await TestData.GetPageAsync(client, "/account/signin");

        Assert.That(page.QuerySelector("input[type=password]"), Is.Not.Null);
        Assert.That((await client.GetAsync("/account/https-expected")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
