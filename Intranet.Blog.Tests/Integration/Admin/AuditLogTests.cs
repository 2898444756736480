using System.Net;
using System.Text;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

/// The audit page reads as sentences in the reader's language, naming people and departments: it used to show
/// "created: 4; updated: 0; departments created: 1", "bio, photo" and "user:36".
public sealed class AuditLogTests
{
    private BlogAppFactory _app = null!;
    private TestPerson _admin = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _admin = await TestData.PersonAsync(_app, Roles.Admin, name: TestData.Unique("Admina"));
        _client = await TestData.SignedInClientAsync(_app, _admin);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task<IReadOnlyList<string>> SentencesAsync(HttpClient client) =>
        (await TestData.GetPageAsync(client, "/admin/audit")).QuerySelectorAll("tbody tr .sentence").Select(s => s.TextContent).ToList();

    [Test]
    public async Task An_import_a_rename_and_a_profile_change_read_as_german_sentences_naming_who_and_what()
    {
        var d = TestData.Unique("x");
        var token = await TestData.TokenAsync(_client, "/admin/import");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent($"name,email,department,title,manager_email\nCarla Becker,carla.{d}@example.de,Vertrieb {d},,\nBen Weber,ben.{d}@example.de,Vertrieb {d},,\n"), "text" },
        };
        Assert.That((await _client.PostAsync("/admin/import", content)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var department = await TestData.ScalarAsync<long>(_app, "SELECT id FROM departments WHERE name = @name", new { name = $"Vertrieb {d}" });
        var renamed = await TestData.PostFormAsync(_client, "/admin/departments", $"/admin/departments/{department}", new() { ["name"] = $"Verkauf {d}" });
        Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var person = await TestData.PersonAsync(_app, name: TestData.Unique("Profilia"));
        var own = await TestData.SignedInClientAsync(_app, person);
        await Uploads.PostMultipartAsync(own, "/people/me/edit", "/people/me/edit", new() { ["bio"] = "Neu hier.", ["phone"] = "", ["location"] = "Köln" }, "photo", null);

        var sentences = await SentencesAsync(_client);

        Assert.That(sentences.Take(3), Is.EqualTo(new[]
        {
            $"{person.Name} hat das eigene Profil geändert: Über mich, Standort.",
            $"{_admin.Name} hat die Abteilung Vertrieb {d} in Verkauf {d} umbenannt.",
            $"{_admin.Name} hat das Organigramm importiert: 2 Personen angelegt, 0 aktualisiert, 1 Abteilung angelegt.",
        }));
        var page = await TestData.GetPageAsync(_client, "/admin/audit");
        Assert.That(page.QuerySelector("tbody")!.TextContent, Does.Not.Contain("user:").And.Not.Contain("created:").And.Not.Contain("bio"));
    }

    [Test]
    public async Task An_english_reader_reads_the_same_rows_in_english()
    {
        var admin = await TestData.PersonAsync(_app, Roles.Admin, name: TestData.Unique("Admin"));
        var client = await TestData.SignedInClientAsync(_app, admin);
        Assert.That((await TestData.PostFormAsync(client, "/admin/audit", "/account/language", new() { ["locale"] = "en", ["returnUrl"] = "/" })).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var department = await TestData.PostFormAsync(client, "/admin/departments", "/admin/departments", new() { ["name"] = TestData.Unique("Logistik") });
        Assert.That(department.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var sentences = await SentencesAsync(client);

        Assert.That(sentences[0], Does.StartWith($"{admin.Name} created the department Logistik-"));
    }
}
