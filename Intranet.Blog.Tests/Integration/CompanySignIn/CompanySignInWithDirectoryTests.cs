using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.CompanySignIn;

/// Company sign-in beside the directory sync: directory ids belong to the directory, so a sign-in matched by its
/// verified address stores nothing (the provider's subject is often not the directory's id, and storing it would
/// stop the sync and lock the person out of the next match); break-glass admins are never matched by address; a
/// provider that is down gives a page that says so.
public sealed class CompanySignInWithDirectoryTests
{
    private CompanyApp _company = null!;

    [OneTimeSetUp]
    public async Task Start() => _company = await CompanyApp.StartAsync(new()
    {
        // The directory is configured (its sync waits for an admin), so directory ids are its own.
        ["Intranet:Ldap:Host"] = "127.0.0.1",
        ["Intranet:Ldap:Port"] = "9",
        ["Intranet:Ldap:Security"] = "None",
        ["Intranet:Ldap:BaseDn"] = "ou=people,dc=example,dc=test",
        ["Intranet:SignIn:BreakGlassAdmins:0"] = "breakglass@test.example",
    });

    [OneTimeTearDown]
    public async Task Stop() => await _company.DisposeAsync();

    [Test]
    public async Task A_verified_address_signs_in_without_storing_the_providers_subject_as_a_directory_id()
    {
        var person = await TestData.PersonAsync(_company.App);
        var synced = await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);
        await browser.SignInAsync(TestLogin.For("keycloak-sub-" + Guid.NewGuid(), email: person.Email, emailVerified: true));
        Assert.That(await browser.SignedInAsAsync(), Is.EqualTo(person.Name), "matched by the verified address although the subject is not the directory's id");
        Assert.That(await _company.DirectoryIdAsync(person.Id), Is.EqualTo(synced), "the directory's id stays");
    }

    [Test]
    public async Task A_break_glass_admin_is_never_matched_by_address()
    {
        var admin = await TestData.PersonAsync(_company.App, Intranet.Blog.Infrastructure.Auth.Roles.Admin);
        await using (var scope = await _company.App.Service<Intranet.Blog.Infrastructure.Db.Database>().BeginWriteAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(scope.Connection, "UPDATE users SET email = 'breakglass@test.example' WHERE id = @Id", admin, scope.Transaction);
            await scope.CommitAsync();
        }

        using var browser = new CompanyBrowser(_company);
        var response = await browser.SignInAsync(TestLogin.For("sub-" + Guid.NewGuid(), email: "breakglass@test.example", emailVerified: true));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
    }

    [Test]
    public async Task A_provider_that_is_down_gives_a_page_that_says_so()
    {
        await using var down = await CompanyApp.StartAsync(new() { ["Intranet:Oidc:Authority"] = "http://127.0.0.1:9/realms/gone" });
        using var browser = new CompanyBrowser(down);
        var response = await browser.SignInAsync(TestLogin.For("anyone"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("nicht erreichbar").Or.Contain("cannot be reached"));
    }
}
