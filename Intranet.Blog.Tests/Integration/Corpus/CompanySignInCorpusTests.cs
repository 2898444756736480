using System.Net;
using Intranet.Blog.Tests.Integration.CompanySignIn;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against the company sign-in: a return address never leads off the app, a forged or foreign state and a
/// hostile callback end on the failure page without a session, and the failure page shows only its own sentences.
[Category("Corpus")]
public sealed class CompanySignInCorpusTests
{
    private CompanyApp _company = null!;
    private TestPerson _person = null!;
    private string _directoryId = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _company = await CompanyApp.StartAsync();
        _person = await TestData.PersonAsync(_company.App);
        _directoryId = await _company.LinkAsync(_person);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _company.DisposeAsync();

    private static IEnumerable<TestCaseData> ReturnUrls() => DepartmentCorpusTests.Lines(["oidc.returnUrl"]);

    private static IEnumerable<TestCaseData> States() => DepartmentCorpusTests.Lines(["oidc.state"]);

    private static IEnumerable<TestCaseData> Callbacks() => DepartmentCorpusTests.Lines(["oidc.callback"]);

    private static IEnumerable<TestCaseData> Reasons() => DepartmentCorpusTests.Lines(["oidc.failedReason"]);

    [Test]
    public void The_corpus_has_company_sign_in_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["oidc.returnUrl", "oidc.state", "oidc.callback", "oidc.failedReason"]).Count(), Is.GreaterThanOrEqualTo(15));

    [TestCaseSource(nameof(ReturnUrls))]
    public async Task A_hostile_return_address_ends_on_the_app_start_page_signed_in(string input)
    {
        using var browser = new CompanyBrowser(_company);

        var response = await browser.StartAsync(TestLogin.For(_directoryId), new() { ["returnUrl"] = SafeHtml.Expand(input) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(browser.Visited.Last(), Is.EqualTo(new Uri(_company.App.Address, "/")));
        Assert.That(browser.Visited.Select(v => v.Host).Distinct(), Is.EquivalentTo(new[] { "127.0.0.1" }), "only the app and the loopback provider");
        Assert.That(await browser.SignedInAsAsync(), Is.EqualTo(_person.Name));
    }

    [TestCaseSource(nameof(States))]
    public async Task A_forged_or_foreign_state_ends_on_the_failure_page_without_a_session(string input)
    {
        using var browser = new CompanyBrowser(_company);
        var state = input == "{a genuine state from another browser's sign-in}" ? await GenuineStateAsync() : SafeHtml.Expand(input);

        var response = await browser.GetAsync("/signin-oidc?code=abc&state=" + Uri.EscapeDataString(state));

        await AssertFailurePageAsync(browser, response);
    }

    [TestCaseSource(nameof(Callbacks))]
    public async Task A_hostile_callback_ends_on_the_failure_page_without_a_session(string input)
    {
        using var browser = new CompanyBrowser(_company);
        var query = string.Join('&', SafeHtml.Expand(input).Split('&').Select(p => p.Split('=', 2)).Select(p => p[0] + "=" + Uri.EscapeDataString(p.ElementAtOrDefault(1) ?? "")));

        var response = await browser.GetAsync("/signin-oidc?" + query);

        await AssertFailurePageAsync(browser, response);
    }

    [TestCaseSource(nameof(Reasons))]
    public async Task A_made_up_reason_shows_the_plain_failure_sentence(string input)
    {
        using var browser = new CompanyBrowser(_company);

        var response = await browser.Http.GetAsync("/account/company/failed?reason=" + Uri.EscapeDataString(SafeHtml.Expand(input)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.StartWith("Die Anmeldung mit deinem Firmenkonto hat nicht geklappt"));
        Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain(SafeHtml.Expand(input)));
        SafeHtml.AssertSafe(page, "failure page");
    }

    private async Task AssertFailurePageAsync(CompanyBrowser browser, HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(browser.Visited.Last().PathAndQuery, Is.EqualTo("/account/company/failed?reason=failed"));
        var page = await TestData.ParseAsync(response);
        SafeHtml.AssertSafe(page, "failure page");
        Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain("Exception").And.Not.Contain("alert(1)"));
        Assert.That(await browser.SignedInAsAsync(), Is.Null);
    }

    /// The address the provider sends another browser back to, taken before that browser follows it.
    private async Task<string> GenuineStateAsync()
    {
        using var other = new CompanyBrowser(_company);
        _company.Provider.Next = TestLogin.For(_directoryId);
        var start = await other.Http.PostAsync("/account/company", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TestData.TokenAsync(other.Http, "/account/signin"),
        }));
        var atProvider = await other.Http.GetAsync(start.Headers.Location);
        var callback = atProvider.Headers.Location!;
        Assert.That(callback.AbsolutePath, Is.EqualTo("/signin-oidc"));
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(callback.Query)["state"].ToString();
    }
}
