using System.Net;
using Intranet.Blog.Features.Account;
using Intranet.Blog.Features.CompanySignIn;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Integration.CompanySignIn;

/// Without Intranet:Oidc settings there is no company sign-in at all: no button, no handler, no start.
public sealed class CompanySignInOffTests : AppFixture
{
    [Test]
    public async Task Without_settings_there_is_no_button_and_nothing_to_start()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var page = await TestData.GetPageAsync(client, "/account/signin");
        var start = await TestData.PostFormAsync(client, "/account/signin", "/account/company", new() { ["returnUrl"] = "/" });
        var callback = await client.GetAsync("/signin-oidc?code=x&state=y");

        Assert.That(App.Service<IOptions<OidcOptions>>().Value.Enabled, Is.False);
        Assert.That(page.QuerySelector("form.company-signin"), Is.Null);
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(callback.StatusCode, Is.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.Redirect), "no handler answers the callback");
        Assert.That(callback.Headers.Location?.OriginalString ?? "", Does.Not.Contain("/account/company"));
    }
}

/// The settings are checked at start, each message naming the setting to fix.
public sealed class OidcOptionsTests
{
    private static List<string> Errors(OidcOptions options) =>
        options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();

    [Test]
    public void Off_without_authority_and_client_and_valid() =>
        Assert.That((new OidcOptions().Enabled, Errors(new OidcOptions())), Is.EqualTo((false, new List<string>())));

    [Test]
    public void Authority_and_client_id_come_together() =>
        Assert.That(Errors(new OidcOptions { Authority = "https://login.example.com/realms/staff" }), Has.One.Contains("Intranet:Oidc:ClientId"));

    [TestCase("http://login.example.com/realms/staff")]
    [TestCase("ftp://login.example.com")]
    [TestCase("login.example.com")]
    [TestCase("https://login.example.com/?x=1")]
    public void The_authority_must_be_https_unless_on_this_machine(string authority) =>
        Assert.That(Errors(new OidcOptions { Authority = authority, ClientId = "blog" }), Has.One.Contains("Intranet:Oidc:Authority"));

    [TestCase("https://login.example.com/realms/staff")]
    [TestCase("http://127.0.0.1:8080/realms/staff")]
    [TestCase("http://localhost:8080")]
    public void An_https_or_loopback_authority_is_accepted(string authority) =>
        Assert.That(Errors(new OidcOptions { Authority = authority, ClientId = "blog" }), Is.Empty);

    [Test]
    public void The_scopes_must_ask_for_openid() =>
        Assert.That(Errors(new OidcOptions { Authority = "https://login.example.com", ClientId = "blog", Scopes = "profile email" }), Has.One.Contains("Intranet:Oidc:Scopes"));

    [Test]
    public void The_id_claim_must_be_named() =>
        Assert.That(Errors(new OidcOptions { Authority = "https://login.example.com", ClientId = "blog", IdClaim = " " }), Has.One.Contains("Intranet:Oidc:IdClaim"));

    /// The check runs at start (Program calls the start-up validator before anything else), not at the first sign-in.
    [Test]
    public void A_plain_http_authority_elsewhere_stops_the_start_with_the_setting_named()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Intranet:Oidc:Authority"] = "http://login.example.com/realms/staff",
            ["Intranet:Oidc:ClientId"] = "blog",
        }).Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        services.AddCompanySignIn(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(failure!.Message, Does.Contain("Intranet:Oidc:Authority must be the provider's https:// address"));
    }
}
