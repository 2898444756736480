using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.CompanySignIn;

/// The whole code flow against the loopback provider: the framework's handler checks the token, the app finds the
/// person. Every refused variant is one that signs the same person in once its defect is gone.
public sealed class CompanySignInTests
{
    private CompanyApp _company = null!;

    private BlogAppFactory App => _company.App;

    [OneTimeSetUp]
    public async Task Start() => _company = await CompanyApp.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _company.DisposeAsync();

    [Test]
    public async Task A_person_is_matched_by_directory_id_through_the_code_flow_with_PKCE()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);
        var refusalsBefore = _company.Provider.Refusals.Count;

        var response = await browser.SignInAsync(TestLogin.For(directoryId, email: "someone-else@test.example"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(browser.Visited.Last().PathAndQuery, Is.EqualTo("/"));
        Assert.That(await browser.SignedInAsAsync(), Is.EqualTo(person.Name));
        Assert.That(_company.Provider.Refusals.Count, Is.EqualTo(refusalsBefore), "the provider accepted the verifier and the client's secret");
        var authorize = _company.Provider.LastAuthorize;
        Assert.That(authorize["response_type"], Is.EqualTo("code"));
        Assert.That(authorize["code_challenge_method"], Is.EqualTo("S256"));
        Assert.That(authorize["redirect_uri"], Is.EqualTo(new Uri(App.Address, "/signin-oidc").ToString()));
        Assert.That(authorize["scope"].Split(' '), Is.EquivalentTo(new[] { "openid", "profile", "email" }));
    }

    [Test]
    public async Task A_verified_address_matches_once_and_the_directory_id_is_stored_for_later()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = Guid.NewGuid().ToString();

        using (var first = new CompanyBrowser(_company))
        {
            await first.SignInAsync(TestLogin.For(directoryId, email: person.Email.ToUpperInvariant(), emailVerified: true));
            Assert.That(await first.SignedInAsAsync(), Is.EqualTo(person.Name));
        }

        Assert.That(await _company.DirectoryIdAsync(person.Id), Is.EqualTo(directoryId));
        using var later = new CompanyBrowser(_company);
        await later.SignInAsync(TestLogin.For(directoryId, email: "new-address@test.example", emailVerified: false));
        Assert.That(await later.SignedInAsAsync(), Is.EqualTo(person.Name), "matched by the stored id, whatever the address now is");
    }

    /// Anyone who can type an address into their profile at the provider would otherwise become the person here.
    [Test]
    public async Task An_unverified_address_takes_over_nobody()
    {
        var person = await TestData.PersonAsync(App);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: person.Email, emailVerified: false));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
        Assert.That(await _company.DirectoryIdAsync(person.Id), Is.Empty, "the directory id was not stored on the person");
    }

    [Test]
    public async Task An_address_already_linked_to_another_directory_id_is_not_matched()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: person.Email, emailVerified: true));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
        Assert.That(await _company.DirectoryIdAsync(person.Id), Is.EqualTo(directoryId));
    }

    [TestCase(TokenDefect.WrongAudience)]
    [TestCase(TokenDefect.WrongIssuer)]
    [TestCase(TokenDefect.Expired)]
    [TestCase(TokenDefect.BadSignature)]
    [TestCase(TokenDefect.WrongNonce)]
    [TestCase(TokenDefect.Unsigned)]
    public async Task A_defective_token_is_refused_with_the_failure_page(TokenDefect defect)
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(directoryId, defect: defect));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(browser.Visited.Last().PathAndQuery, Is.EqualTo("/account/company/failed?reason=failed"));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain("Die Anmeldung mit deinem Firmenkonto hat nicht geklappt"));
        Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain("Exception").And.Not.Contain("IDX"));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
        using var without = new CompanyBrowser(_company);
        await without.SignInAsync(TestLogin.For(directoryId));
        Assert.That(await without.SignedInAsAsync(), Is.EqualTo(person.Name), "the same login without the defect signs in");
    }

    [Test]
    public async Task An_unknown_person_is_refused_and_told_whom_to_ask()
    {
        using var browser = new CompanyBrowser(_company);
        var email = $"{Guid.NewGuid():N}@test.example";

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: email, name: "Neu Ling"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain("Für dein Firmenkonto gibt es hier noch kein Konto.").And.Contain("Bitte wende dich an " + CompanyApp.AdminContact));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("IT-Service &lt;Tel. 1234&gt;"), "the contact is escaped");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM users WHERE email = @email", new { email }), Is.Zero);
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
    }

    [Test]
    public async Task A_deactivated_person_is_refused()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        await TestData.DeactivateAsync(App, person.Id);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(directoryId));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Dein Konto hier ist deaktiviert."));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
    }

    [Test]
    public async Task A_deactivated_person_is_not_matched_by_address_either()
    {
        var person = await TestData.PersonAsync(App);
        await TestData.DeactivateAsync(App, person.Id);
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(TestLogin.For(Guid.NewGuid().ToString(), email: person.Email));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Dein Konto hier ist deaktiviert."));
        Assert.That(await _company.DirectoryIdAsync(person.Id), Is.Empty);
    }

    [Test]
    public async Task A_refusal_at_the_provider_lands_on_the_failure_page()
    {
        using var browser = new CompanyBrowser(_company);

        var response = await browser.SignInAsync(new TestLogin(new Dictionary<string, object>(), Deny: true));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(browser.Visited.Last().PathAndQuery, Is.EqualTo("/account/company/failed?reason=denied"));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("abgebrochen oder abgelehnt"));
    }

    [Test]
    public async Task The_local_return_address_is_kept_and_a_foreign_one_is_not()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using var local = new CompanyBrowser(_company);
        using var foreign = new CompanyBrowser(_company);

        await local.SignInAsync(TestLogin.For(directoryId), returnUrl: "/people?x=1");
        await foreign.SignInAsync(TestLogin.For(directoryId), returnUrl: "https://evil.example/");

        Assert.That(local.Visited.Last().PathAndQuery, Is.EqualTo("/people?x=1"));
        Assert.That(foreign.Visited.Last().PathAndQuery, Is.EqualTo("/"));
        Assert.That(foreign.Visited.Select(v => v.Host), Has.None.EqualTo("evil.example"));
    }

    [Test]
    public async Task The_sign_in_page_offers_the_company_account_as_a_form_with_a_token()
    {
        using var browser = new CompanyBrowser(_company);

        var page = await TestData.GetPageAsync(browser.Http, "/account/signin?returnUrl=%2Fpeople");

        var form = page.QuerySelector("form.company-signin")!;
        Assert.That(form.GetAttribute("method"), Is.EqualTo("post"));
        Assert.That(form.GetAttribute("action"), Is.EqualTo("/account/company"));
        Assert.That(form.QuerySelector("input[name=__RequestVerificationToken]"), Is.Not.Null);
        Assert.That(form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"), Is.EqualTo("/people"));
        Assert.That(form.QuerySelector("button[type=submit]")!.TextContent.Trim(), Is.EqualTo("Mit Firmenkonto anmelden"));
        Assert.That(page.QuerySelector("form input[name=password]"), Is.Not.Null, "the password form stays");
    }

    [Test]
    public async Task Starting_without_the_antiforgery_token_is_refused()
    {
        using var browser = new CompanyBrowser(_company);

        var response = await browser.Http.PostAsync("/account/company", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null, "no redirect to the provider");
    }

    [Test]
    public async Task Neither_the_client_secret_nor_a_token_or_code_reaches_the_logs()
    {
        var person = await TestData.PersonAsync(App);
        var directoryId = await _company.LinkAsync(person);
        using (var good = new CompanyBrowser(_company))
        {
            await good.SignInAsync(TestLogin.For(directoryId));
            Assert.That(await good.SignedInAsAsync(), Is.EqualTo(person.Name));
        }

        using (var bad = new CompanyBrowser(_company))
        {
            await bad.SignInAsync(TestLogin.For(directoryId, defect: TokenDefect.WrongAudience));
        }

        var logs = _company.Logs.Text;
        Assert.That(logs, Does.Contain("Company sign-in failed"), "the refusal was logged");
        Assert.That(logs, Does.Not.Contain(_company.Provider.ClientSecret));
        foreach (var issued in _company.Provider.Issued)
        {
            Assert.That(logs, Does.Not.Contain(issued));
            // The unsigned test token has an empty signature part, which every text contains.
            var signature = issued.Split('.')[^1];
            if (signature.Length > 0)
            {
                Assert.That(logs, Does.Not.Contain(signature), "not even a token's signature");
            }
        }
    }
}
