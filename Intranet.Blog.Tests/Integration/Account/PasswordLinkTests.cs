using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Account;

/// Accounts for a real company: people imported without a password get invitation links, a forgotten password gets a
/// reset link (both the one-time link of Features/Links), and everyone can change their own password. Nobody ever
/// sees another person's password.
public sealed class PasswordLinkTests
{
    private BlogAppFactory _app = null!;
    private TestPerson _adminPerson = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _adminPerson = await TestData.PersonAsync(_app, Roles.Admin);
        _admin = await TestData.SignedInClientAsync(_app, _adminPerson);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private HttpClient Anonymous() => _app.CreateClient(new() { AllowAutoRedirect = false });

    /// The link a sheet of links shows for a person, as the path and query a browser would open.
    private static string LinkFor(IHtmlDocument sheet, long personId)
    {
        var value = sheet.QuerySelector($".password-link[data-person='{personId}'] .link-text")?.GetAttribute("value")
            ?? throw new AssertionException($"no link for person {personId}");
        return new Uri(value).PathAndQuery;
    }

    private async Task<IHtmlDocument> PostAdminAsync(string url, string tokenPage)
    {
        var response = await TestData.PostFormAsync(_admin, tokenPage, url, []);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return await TestData.ParseAsync(response);
    }

    private static string Token(string link) => Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    private static Task<HttpResponseMessage> ChooseAsync(HttpClient client, string link, string password) =>
        TestData.PostFormAsync(client, "/account/signin", "/account/set-password", new() { ["token"] = Token(link), ["password"] = password });

    private Task<long> IdOfAsync(string email) => TestData.ScalarAsync<long>(_app, "SELECT id FROM users WHERE email = @email", new { email });

    private static async Task<bool> SignedInAsync(HttpClient client) => (await client.GetAsync("/")).StatusCode == HttpStatusCode.OK;

    [Test]
    public async Task A_corrected_address_or_a_deactivation_ends_the_links_already_handed_out()
    {
        var person = await TestData.PersonAsync(_app, name: TestData.Unique("Tippfehler"));
        var link = LinkFor(await PostAdminAsync($"/admin/people/{person.Id}/password-link", $"/admin/people/{person.Id}"), person.Id);
        Assert.That((await Anonymous().GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var corrected = await TestData.PostFormAsync(_admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}", new()
        {
            ["displayName"] = person.Name, ["email"] = $"{Guid.NewGuid():N}@richtig.example", ["title"] = "Tester", ["role"] = Roles.Staff,
        });
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await corrected.Content.ReadAsStringAsync());
        Assert.That((await Anonymous().GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the old address's owner cannot use it");

        var second = LinkFor(await PostAdminAsync($"/admin/people/{person.Id}/password-link", $"/admin/people/{person.Id}"), person.Id);
        await TestData.PostFormAsync(_admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/deactivate", []);
        await TestData.PostFormAsync(_admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/reactivate", []);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT is_active FROM users WHERE id = @Id", person), Is.EqualTo(1));
        Assert.That((await Anonymous().GetAsync(second)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "reactivation revives no link");
    }

    [Test]
    public async Task Imported_people_get_invitation_links_and_choose_their_own_password()
    {
        var emails = Enumerable.Range(0, 3).Select(_ => $"{Guid.NewGuid():N}@import.example").ToList();
        var csv = "name,email,department,title,manager_email\n" + string.Join("\n", emails.Select((e, i) => $"Neu {i},{e},Import,Sachbearbeitung,"));
        var import = await TestData.PostFormAsync(_admin, "/admin/import", "/admin/import", new() { ["text"] = csv });
        Assert.That(import.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "import");
        var done = await TestData.GetPageAsync(_admin, import.Headers.Location!.OriginalString);
        Assert.That(done.QuerySelector("form[action='/admin/people/invitations'] button"), Is.Not.Null, "the import offers the invitations");

        var sheet = await PostAdminAsync("/admin/people/invitations", "/admin/import");
        var ids = new List<long>();
        foreach (var email in emails)
        {
            ids.Add(await IdOfAsync(email));
        }

        var link = LinkFor(sheet, ids[0]);
        Assert.That(ids.Select(id => LinkFor(sheet, id)).Distinct().Count(), Is.EqualTo(3), "one link per person");
        var visitor = Anonymous();
        var page = await TestData.GetPageAsync(visitor, link);
        await TestData.GetPageAsync(visitor, link);
        Assert.That(page.QuerySelector("main")!.TextContent, Does.Contain("Neu 0"), "the page names whose link it is");
        Assert.That(page.QuerySelector("form[action='/account/set-password'] button[type=submit]"), Is.Not.Null, "opening the link (twice) only shows a button");

        var chosen = await ChooseAsync(visitor, link, "mein-eigenes-passwort");

        Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SignedInAsync(visitor), Is.True, "signed in after choosing");
        Assert.That((await TestData.SignInAsync(Anonymous(), emails[0], "mein-eigenes-passwort")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var again = await ChooseAsync(Anonymous(), link, "ein-anderes-passwort");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a link works once");
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(again)), Does.Contain("benutzt oder ist abgelaufen"));
        Assert.That((await Anonymous().GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_reset_link_replaces_earlier_ones_and_the_new_password_ends_the_old_sessions()
    {
        var person = await TestData.PersonAsync(_app);
        var oldSession = await TestData.SignedInClientAsync(_app, person);
        var first = LinkFor(await PostAdminAsync($"/admin/people/{person.Id}/password-link", $"/admin/people/{person.Id}"), person.Id);
        var second = LinkFor(await PostAdminAsync($"/admin/people/{person.Id}/password-link", $"/admin/people/{person.Id}"), person.Id);

        Assert.That(await SignedInAsync(oldSession), Is.True, "issuing a link changes nothing for the person yet");
        Assert.That((await Anonymous().GetAsync(first)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the newer link replaced it");
        var chosen = await ChooseAsync(Anonymous(), second, "frisch-gewaehlt");

        Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SignedInAsync(oldSession), Is.False, "sessions with the old password end");
        Assert.That((await TestData.SignInAsync(Anonymous(), person.Email, person.Password)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.SignInAsync(Anonymous(), person.Email, "frisch-gewaehlt")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM audit_log WHERE action = 'person.password_reset' AND target = @target",
            new { target = $"user:{person.Id}" }), Is.EqualTo(2));
    }

    [Test]
    public async Task A_deactivated_person_gets_no_link_and_cannot_use_one()
    {
        var person = await TestData.PersonAsync(_app);
        var link = LinkFor(await PostAdminAsync($"/admin/people/{person.Id}/password-link", $"/admin/people/{person.Id}"), person.Id);
        await TestData.DeactivateAsync(_app, person.Id);

        Assert.That((await Anonymous().GetAsync(link)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await ChooseAsync(Anonymous(), link, "trotzdem-versucht")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var refused = await TestData.PostFormAsync(_admin, $"/admin/people/{person.Id}", $"/admin/people/{person.Id}/password-link", []);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Changing_ones_password_needs_the_current_one_and_signs_out_the_other_sessions()
    {
        var person = await TestData.PersonAsync(_app);
        var other = await TestData.SignedInClientAsync(_app, person);
        var here = await TestData.SignedInClientAsync(_app, person);

        var wrong = await TestData.PostFormAsync(here, "/account/password", "/account/password",
            new() { ["currentPassword"] = "nicht-das-richtige", ["newPassword"] = "ganz-neu-1234" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(wrong)), Does.Contain("aktuelle Passwort stimmt nicht"));
        Assert.That(await SignedInAsync(other), Is.True, "a refused change changes nothing");

        var changed = await TestData.PostFormAsync(here, "/account/password", "/account/password",
            new() { ["currentPassword"] = person.Password, ["newPassword"] = "ganz-neu-1234" });

        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await SignedInAsync(here), Is.True, "this session goes on");
        Assert.That(await SignedInAsync(other), Is.False, "every other session ends");
        Assert.That((await TestData.SignInAsync(Anonymous(), person.Email, "ganz-neu-1234")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await TestData.GetPageAsync(here, "/account/password?changed=true")).QuerySelector(".notice")!.TextContent, Does.Contain("geändert"));
    }

    [Test]
    public async Task The_sign_in_page_says_how_to_get_back_in_and_the_menu_leads_to_the_password()
    {
        var signIn = await TestData.GetPageAsync(Anonymous(), "/account/signin");
        var menu = await TestData.GetPageAsync(_admin, "/");

        Assert.That(signIn.QuerySelector("main")!.TextContent, Does.Contain("Passwort vergessen?"));
        Assert.That(menu.QuerySelector(".user-menu a[href='/account/password']"), Is.Not.Null);
    }
}
