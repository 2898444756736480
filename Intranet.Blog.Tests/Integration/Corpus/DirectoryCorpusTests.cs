using System.DirectoryServices.Protocols;
using System.Net;
using Intranet.Blog.DemoData;
using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Tests.Integration.CompanyDirectory;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Corpus;

/// The corpus against the company directory: a hostile value in the directory reaches the app as text (verbatim, or
/// cut to the field's length), never as markup and never as part of an LDAP filter; hostile sign-in input against
/// the directory gets the same answer as a wrong password.
[Category("Corpus")]
[RequiresProgram(Slapd.Program, Slapd.Install)]
public sealed class DirectoryCorpusTests
{
    private Slapd _slapd = null!;
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slapd = await Slapd.StartAsync(DirectoryApp.Seed());
        _app = DirectoryApp.Start(_slapd, signIn: true);
        _admin = await TestData.SignedInClientAsync(_app, new TestPerson(0, DemoSeeder.AdminEmail, "", DemoSeeder.Password));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        try
        {
            _admin.Dispose();
            await _app.DisposeAsync();
        }
        finally
        {
            await _slapd.DisposeAsync();
        }
    }

    private static IEnumerable<TestCaseData> Values() => DepartmentCorpusTests.Lines(["directory.value"]);

    private static IEnumerable<TestCaseData> Emails() => DepartmentCorpusTests.Lines(["signin.email"]);

    private static IEnumerable<TestCaseData> Passwords() => DepartmentCorpusTests.Lines(["signin.password"]);

    [Test]
    public void The_corpus_has_directory_lines() =>
        Assert.That(DepartmentCorpusTests.Lines(["directory.value", "signin.email", "signin.password"]).Count(), Is.GreaterThanOrEqualTo(10));

    [TestCaseSource(nameof(Values))]
    public async Task A_hostile_directory_value_is_synced_as_text(string input)
    {
        var value = SafeHtml.Expand(input);
        try
        {
            _slapd.Replace(Slapd.PersonDn("sam"), "displayName", value);
            _slapd.Replace(Slapd.PersonDn("sam"), "title", value);
            _slapd.Replace(Slapd.PersonDn("sam"), "departmentNumber", value);
        }
        catch (DirectoryOperationException)
        {
            Assert.Pass("the directory itself refuses this value");
        }

        var preview = await TestData.PostFormAsync(_admin, "/admin/directory", "/admin/directory/preview", []);
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        SafeHtml.AssertSafe(await TestData.ParseAsync(preview), "the directory preview");

        var outcome = await DirectoryApp.SyncAsync(_app);
        Assert.That(outcome.Status, Is.EqualTo(SyncStatus.Applied).Or.EqualTo(SyncStatus.Unchanged));
        var sam = (await DirectoryApp.PersonAsync(_app, "sam@example.test"))!;
        Assert.That(value, Does.StartWith(sam.DisplayName.TrimEnd('…')), "verbatim, or cut with an ellipsis");
        Assert.That(sam.Title.Length, Is.LessThanOrEqualTo(100));

        var people = await _admin.GetAsync($"/admin/people/{sam.Id}");
        Assert.That(people.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        SafeHtml.AssertSafe(await TestData.ParseAsync(people), "the person's admin page");
    }

    [TestCaseSource(nameof(Emails))]
    public async Task A_hostile_address_at_sign_in_is_a_wrong_password(string input)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await TestData.SignInAsync(client, SafeHtml.Expand(input), DirectoryApp.DoraPassword);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCaseSource(nameof(Passwords))]
    public async Task A_hostile_password_never_binds(string input)
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await TestData.SignInAsync(client, "dora@example.test", SafeHtml.Expand(input));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
