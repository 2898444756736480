using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

public sealed class ImportTests
{
    private const string Header = "name,email,department,title,manager_email";
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _admin = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app, Roles.Admin));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> ImportAsync(byte[]? file, string? text = null)
    {
        var token = await TestData.TokenAsync(_admin, "/admin/import");
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (file is not null)
        {
            var part = new ByteArrayContent(file);
            part.Headers.ContentType = new("text/csv");
            content.Add(part, "file", "organisation.csv");
        }

        if (text is not null)
        {
            content.Add(new StringContent(text), "text");
        }

        return await _admin.PostAsync("/admin/import", content);
    }

    private Task<HttpResponseMessage> ImportAsync(string csv) => ImportAsync(Encoding.UTF8.GetBytes(csv));

    private record Counts(long Users, long Departments, long Audit);

    private async Task<Counts> CountsAsync() => new(
        await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM users"),
        await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM departments"),
        await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM audit_log"));

    private static async Task<IReadOnlyList<(int Line, string Message)>> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        return page.QuerySelectorAll(".import-problems tbody tr")
            .Select(tr => (int.Parse(tr.GetAttribute("data-line")!, System.Globalization.CultureInfo.InvariantCulture), tr.QuerySelectorAll("td")[1].TextContent))
            .ToList();
    }

    /// Imports a bad file and checks that the problems sit on the expected lines and that nothing was written.
    private async Task<IReadOnlyList<(int Line, string Message)>> RefusedAsync(string csv, params int[] lines)
    {
        var before = await CountsAsync();

        var problems = await ProblemsAsync(await ImportAsync(csv));

        Assert.That(problems.Select(p => p.Line), Is.EqualTo(lines), string.Join("\n", problems));
        Assert.That(await CountsAsync(), Is.EqualTo(before));
        return problems;
    }

    private Task<long> LevelAsync(string email) => TestData.ScalarAsync<long>(_app, "SELECT level FROM users WHERE email = @email", new { email });

    private Task<string?> ManagerEmailAsync(string email) => TestData.ScalarAsync<string?>(_app,
        "SELECT COALESCE(m.email, '') FROM users u LEFT JOIN users m ON m.id = u.manager_id WHERE u.email = @email", new { email });

    [Test]
    public async Task A_good_file_creates_people_departments_managers_and_levels()
    {
        var d = TestData.Unique("x");
        var before = await CountsAsync();
        var csv = $"""
            {Header}
            Carla Becker,carla.{d}@example.de,Vertrieb {d},Vertriebsmitarbeiterin,ben.{d}@example.de
            Anna Schmidt,anna.{d}@example.de,Geschäftsführung {d},Geschäftsführerin,
            Ben Weber,ben.{d}@example.de,Vertrieb {d},Leiter Vertrieb,anna.{d}@example.de
            """;

        var response = await ImportAsync(csv);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), string.Join("\n", response.StatusCode == HttpStatusCode.BadRequest ? await ProblemsAsync(response) : []));
        Assert.That(await CountsAsync(), Is.EqualTo(before with { Users = before.Users + 3, Departments = before.Departments + 2, Audit = before.Audit + 1 }));
        Assert.That(await LevelAsync($"anna.{d}@example.de"), Is.EqualTo(1));
        Assert.That(await LevelAsync($"ben.{d}@example.de"), Is.EqualTo(2));
        Assert.That(await LevelAsync($"carla.{d}@example.de"), Is.EqualTo(3));
        Assert.That(await ManagerEmailAsync($"carla.{d}@example.de"), Is.EqualTo($"ben.{d}@example.de"));
        Assert.That(await TestData.ScalarAsync<string>(_app,
            "SELECT d.name FROM users u JOIN departments d ON d.id = u.department_id WHERE u.email = @email", new { email = $"carla.{d}@example.de" }), Is.EqualTo($"Vertrieb {d}"));
        var done = await TestData.GetPageAsync(_admin, response.Headers.Location!.OriginalString);
        Assert.That(done.QuerySelector(".notice")!.TextContent, Does.Contain("3 Personen angelegt"));
    }

    [Test]
    public async Task Imported_people_have_no_password_and_cannot_sign_in()
    {
        var email = $"{TestData.Unique("ohne")}@example.de";

        await ImportAsync($"{Header}\nOhne Passwort,{email},,,\n");

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM users WHERE email = @email AND password_hash IS NULL", new { email }), Is.EqualTo(1));
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = "" });
        Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_existing_email_updates_that_persons_org_fields_and_keeps_role_and_password()
    {
        var top = await TestData.PersonAsync(_app);
        var person = await TestData.PersonAsync(_app, Roles.Executive);
        var department = TestData.Unique("Neu");

        var response = await ImportAsync($"{Header}\nNeuer Name,{person.Email.ToUpperInvariant()},{department},Neue Funktion,{top.Email}\n");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT display_name || '|' || title || '|' || role FROM users WHERE id = @id", new { id = person.Id }),
            Is.EqualTo("Neuer Name|Neue Funktion|Executive"));
        Assert.That(await ManagerEmailAsync(person.Email), Is.EqualTo(top.Email));
        Assert.That(await LevelAsync(person.Email), Is.EqualTo(2));
        await TestData.SignedInClientAsync(_app, person);
    }

    [Test]
    public async Task A_semicolon_separated_file_with_a_byte_order_mark_and_quotes_works()
    {
        var d = TestData.Unique("x");
        var csv = $"name;email;department;title;manager_email\r\n\"Müller; Eva\";eva.{d}@example.de;\"F&E {d}\";\"Leiterin \"\"Labor\"\"\";\r\nJürgen Groß;juergen.{d}@example.de;F&E {d};Laborant;eva.{d}@example.de\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var response = await ImportAsync(bytes);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT display_name || '|' || title FROM users WHERE email = @email", new { email = $"eva.{d}@example.de" }),
            Is.EqualTo("Müller; Eva|Leiterin \"Labor\""));
        Assert.That(await LevelAsync($"juergen.{d}@example.de"), Is.EqualTo(2));
    }

    [Test]
    public async Task Pasted_text_is_imported_like_a_file()
    {
        var email = $"{TestData.Unique("paste")}@example.de";

        var response = await ImportAsync(file: null, text: $"{Header}\nEingefügt,{email},,,\n");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM users WHERE email = @email", new { email }), Is.EqualTo(1));
    }

    [Test]
    public async Task Missing_names_and_emails_are_reported_per_line_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nAnna,anna.{d}@example.de,,,\n,ohne-name.{d}@example.de,,,\nOhne Mail,,,,\n", 3, 4);

        Assert.That(problems[0].Message, Is.EqualTo("Name ist erforderlich."));
        Assert.That(problems[1].Message, Is.EqualTo("E-Mail-Adresse ist erforderlich."));
    }

    [Test]
    public async Task Over_long_fields_are_reported_per_line_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync(
            $"{Header}\n{new string('n', 65)},a.{d}@example.de,,,\nB,b.{d}@example.de,{new string('d', 81)},,\nC,c.{d}@example.de,,{new string('t', 101)},\n", 2, 3, 4);

        Assert.That(problems.Select(p => p.Message), Is.EqualTo(new[]
        {
            "Name darf höchstens 64 Zeichen lang sein.",
            "Abteilung darf höchstens 80 Zeichen lang sein.",
            "Funktion darf höchstens 100 Zeichen lang sein.",
        }));
    }

    [Test]
    public async Task Bad_email_addresses_are_reported_per_line_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nA,a.{d}@example.de,,,\nB,kein-at.{d},,,\nC,c.{d}@example.de,,,chef at example.de\n", 3, 4);

        Assert.That(problems[0].Message, Does.Contain("sieht nicht wie eine E-Mail-Adresse aus"));
        Assert.That(problems[1].Message, Does.Contain("chef at example.de"));
    }

    [Test]
    public async Task A_duplicate_email_within_the_file_is_reported_on_the_later_line_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nA,a.{d}@example.de,,,\nB,b.{d}@example.de,,,\nA2,A.{d}@Example.de,,,\n", 4);

        Assert.That(problems[0].Message, Does.Contain("steht schon in Zeile 2"));
    }

    [Test]
    public async Task An_unknown_manager_is_reported_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nA,a.{d}@example.de,Neu {d},,\nB,b.{d}@example.de,Neu {d},,niemand.{d}@example.de\n", 3);

        Assert.That(problems[0].Message, Does.Contain($"niemand.{d}@example.de"));
    }

    [Test]
    public async Task A_manager_cycle_within_the_file_is_reported_on_each_of_its_lines_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync(
            $"{Header}\nTop,top.{d}@example.de,,,\nA,a.{d}@example.de,,,c.{d}@example.de\nB,b.{d}@example.de,,,a.{d}@example.de\nC,c.{d}@example.de,,,b.{d}@example.de\n", 3, 4, 5);

        Assert.That(problems.Select(p => p.Message), Has.All.Contains("Kreis"));
    }

    [Test]
    public async Task A_manager_cycle_through_existing_people_is_reported_and_nothing_is_written()
    {
        // Existing: top ← middle. The file puts top under a new person who reports to middle.
        var top = await TestData.PersonAsync(_app);
        var middle = await TestData.PersonAsync(_app, managerId: top.Id);
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nNeu,neu.{d}@example.de,,,{middle.Email}\nTop,{top.Email},,,neu.{d}@example.de\n", 2, 3);

        Assert.That(problems[0].Message, Does.Contain(middle.Email));
    }

    [Test]
    public async Task Someone_named_as_their_own_manager_is_reported_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        var problems = await RefusedAsync($"{Header}\nA,a.{d}@example.de,,,a.{d}@example.de\n", 2);

        Assert.That(problems[0].Message, Is.EqualTo("Niemand kann die eigene Führungskraft sein."));
    }

    [Test]
    public async Task A_line_with_too_many_values_is_reported_and_nothing_is_written()
    {
        var d = TestData.Unique("x");

        await RefusedAsync($"{Header}\nA,a.{d}@example.de,Neu {d},,\nMüller, Eva,eva.{d}@example.de,,,\n", 3);
    }

    [Test]
    public async Task A_header_without_the_required_columns_is_reported_on_line_1()
    {
        var d = TestData.Unique("x");

        await RefusedAsync($"Name,Mail\nA,a.{d}@example.de\n", 1);
    }

    [Test]
    public async Task Every_problem_of_a_file_is_reported_at_once()
    {
        var d = TestData.Unique("x");

        await RefusedAsync($"{Header}\n,a.{d}@example.de,,,\nB,b.{d},,,\nC,c.{d}@example.de,,,x.{d}@example.de\nC,c.{d}@example.de,,,\n", 2, 3, 4, 5);
    }

    [Test]
    public async Task A_file_over_2_MB_is_refused_with_a_clear_message()
    {
        var before = await CountsAsync();
        var big = new StringBuilder(Header).Append('\n');
        while (big.Length <= 2 * 1024 * 1024)
        {
            big.Append("Jemand,jemand@example.de,,,\n");
        }

        var problems = await ProblemsAsync(await ImportAsync(big.ToString()));

        Assert.That(problems.Single().Line, Is.Zero);
        Assert.That(problems.Single().Message, Does.Contain("2 MB"));
        Assert.That(await CountsAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_upload_without_file_or_text_is_refused()
    {
        var problems = await ProblemsAsync(await ImportAsync(file: null));

        Assert.That(problems.Single().Line, Is.Zero);
    }

    [Test]
    public async Task The_import_page_explains_that_imported_people_get_no_password()
    {
        IHtmlDocument page = await TestData.GetPageAsync(_admin, "/admin/import");

        Assert.That(page.QuerySelector(".import-help")!.TextContent, Does.Contain("kein Passwort"));
    }
}
