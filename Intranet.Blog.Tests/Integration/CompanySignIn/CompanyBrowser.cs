using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.CompanySignIn;

/// The app and its provider with the test's settings: the provider starts first, its address is the app's Authority.
public sealed class CompanyApp : IAsyncDisposable
{
    public const string AdminContact = "IT-Service <Tel. 1234>";

    private CompanyApp(TestIdentityProvider provider, BlogAppFactory app, CapturedLogs logs) => (Provider, App, Logs) = (provider, app, logs);

    public TestIdentityProvider Provider { get; }

    public BlogAppFactory App { get; }

    public CapturedLogs Logs { get; }

    public static async Task<CompanyApp> StartAsync(Dictionary<string, string>? extra = null)
    {
        var provider = await TestIdentityProvider.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Intranet:Oidc:Authority"] = provider.Issuer,
            ["Intranet:Oidc:ClientId"] = TestIdentityProvider.ClientId,
            ["Intranet:Oidc:ClientSecret"] = provider.ClientSecret,
            ["Intranet:Oidc:AdminContact"] = AdminContact,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var logs = new CapturedLogs();
        var app = new BlogAppFactory(settings: settings, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        _ = app.Address;
        return new CompanyApp(provider, app, logs);
    }

    /// Gives the person the directory id the provider's sub claim carries, as the directory sync would.
    public async Task<string> LinkAsync(TestPerson person)
    {
        var directoryId = Guid.NewGuid().ToString();
        await using var connection = await App.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE users SET directory_id = @directoryId WHERE id = @Id", new { directoryId, person.Id });
        return directoryId;
    }

    public Task<string?> DirectoryIdAsync(long personId) =>
        TestData.ScalarAsync<string?>(App, "SELECT COALESCE(directory_id, '') FROM users WHERE id = @personId", new { personId })!;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// A browser without script: keeps cookies, follows redirects one by one (to the provider and back), and remembers
/// every address it was sent to.
public sealed class CompanyBrowser : IDisposable
{
    private readonly CompanyApp _company;
    private readonly CookieContainer _cookies = new();

    public CompanyBrowser(CompanyApp company)
    {
        _company = company;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = company.App.Address };
    }

    public HttpClient Http { get; }

    public List<Uri> Visited { get; } = [];

    /// The sign-in page's company button, pressed as a browser presses it (with the page's own token and return address).
    public async Task<HttpResponseMessage> SignInAsync(TestLogin login, string? returnUrl = null)
    {
        var page = await TestData.GetPageAsync(Http, returnUrl is null ? "/account/signin" : "/account/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var form = (IHtmlFormElement)(page.QuerySelector("form.company-signin") ?? throw new AssertionException("No company sign-in button on the sign-in page"));
        var fields = form.QuerySelectorAll("input[type=hidden]").Cast<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        return await StartAsync(login, fields);
    }

    /// Posts straight to the start address with the given fields (and a token from the sign-in page), then follows.
    public async Task<HttpResponseMessage> StartAsync(TestLogin login, Dictionary<string, string> fields)
    {
        if (!fields.ContainsKey("__RequestVerificationToken"))
        {
            fields["__RequestVerificationToken"] = await TestData.TokenAsync(Http, "/account/signin");
        }

        _company.Provider.Next = login;
        var response = await Http.PostAsync("/account/company", new FormUrlEncodedContent(fields));
        return await FollowAsync(response, new Uri(_company.App.Address, "/account/company"));
    }

    public async Task<HttpResponseMessage> GetAsync(string url) => await FollowAsync(await Http.GetAsync(url), new Uri(_company.App.Address, url));

    private async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, Uri at)
    {
        for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; hops++)
        {
            Assert.That(hops, Is.LessThan(10), "a redirect loop");
            at = new Uri(at, response.Headers.Location!);
            Visited.Add(at);
            response.Dispose();
            response = await Http.GetAsync(at);
        }

        return response;
    }

    /// Who the app's cookie says is signed in (the layout's menu), or null.
    public async Task<string?> SignedInAsAsync()
    {
        var response = await Http.GetAsync("/account/signin");
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            return null;
        }

        // Through whatever comes first (the guidelines, where they are pending).
        var page = await TestData.ParseAsync(await GetAsync("/"));
        return page.QuerySelector(".menu-name")?.TextContent.Trim();
    }

    public void Dispose() => Http.Dispose();
}
