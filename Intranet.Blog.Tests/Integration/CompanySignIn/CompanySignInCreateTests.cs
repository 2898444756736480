using System.Net;
using Intranet.Blog.Features.Guidelines;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.CompanySignIn;

/// An organisation that lets the company account add people (Intranet:Oidc:CreateUnknown), with published
/// social-media guidelines, which everyone signing in meets first.
public sealed class CompanySignInCreateTests
{
    private CompanyApp _company = null!;

    private BlogAppFactory App => _company.App;

    [OneTimeSetUp]
    public async Task Start()
    {
        _company = await CompanyApp.StartAsync(new() { ["Intranet:Oidc:CreateUnknown"] = "true", ["Intranet:Oidc:DisplayName"] = "Contoso-ID" });
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        await using var scope = await App.Service<Database>().BeginWriteAsync();
        await App.Service<GuidelineStore>().InsertVersionAsync(scope.Connection, scope.Transaction, "Sei freundlich.", "<p>Sei freundlich.</p>", admin.Id);
        await scope.CommitAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _company.DisposeAsync();

    [Test]
    public async Task An_unknown_person_with_a_verified_address_is_added_as_staff_and_audited()
    {
        var email = $"{Guid.NewGuid():N}@test.example";
        var directoryId = Guid.NewGuid().ToString();
        using var browser = new CompanyBrowser(_company);

        await browser.SignInAsync(TestLogin.For(directoryId, email: email, name: "Greta Neu"), returnUrl: "/people");

        var id = await TestData.ScalarAsync<long>(App, "SELECT id FROM users WHERE email = @email AND directory_id = @directoryId AND role = 'Staff' AND password_hash IS NULL", new { email, directoryId });
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT display_name FROM users WHERE id = @id", new { id }), Is.EqualTo("Greta Neu"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM audit_log WHERE action = @action AND target = @target",
            new { action = AuditActions.PersonCreatedAtSignIn, target = AuditActions.Person(id) }), Is.EqualTo(1));
        Assert.That(await browser.SignedInAsAsync(), Is.EqualTo("Greta Neu"));
    }

    [Test]
    public async Task Pending_guidelines_come_before_the_return_address_as_after_a_password_sign_in()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);

        await browser.SignInAsync(TestLogin.For(directoryId), returnUrl: "/people");

        Assert.That(browser.Visited.Last().PathAndQuery, Is.EqualTo("/guidelines?returnUrl=%2Fpeople"));
    }

    [Test]
    public async Task Nobody_is_added_from_an_unverified_address()
    {
        var email = $"{Guid.NewGuid():N}@test.example";
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: email, emailVerified: false, name: "Falsch Adresse"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM users WHERE email = @email", new { email }), Is.Zero);
    }

    [Test]
    public async Task An_address_someone_here_already_has_adds_no_second_person()
    {
        var person = await TestData.PersonAsync(App);
        await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: person.Email, name: "Doppel Gänger"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM users WHERE display_name = 'Doppel Gänger'"), Is.Zero);
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
    }

    [Test]
    public async Task A_name_with_control_characters_adds_nobody()
    {
        var email = $"{Guid.NewGuid():N}@test.example";
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: email, name: "\u202eevil"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM users WHERE email = @email", new { email }), Is.Zero);
    }

    [Test]
    public async Task The_button_carries_the_configured_name()
    {
        using var browser = new CompanyBrowser(_company);

        var page = await TestData.GetPageAsync(browser.Http, "/account/signin");

        Assert.That(page.QuerySelector("form.company-signin button")!.TextContent.Trim(), Is.EqualTo("Mit Contoso-ID anmelden"));
    }
}
