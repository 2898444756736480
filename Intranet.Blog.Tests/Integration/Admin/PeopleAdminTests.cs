using System.Globalization;
using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Admin;

public sealed class PeopleAdminTests
{
    private BlogAppFactory _app = null!;
    private HttpClient _admin = null!;
    private TestPerson _adminPerson = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new BlogAppFactory();
        _adminPerson = await TestData.PersonAsync(_app, Roles.Admin);
        _admin = await TestData.SignedInClientAsync(_app, _adminPerson);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Form(string name, string email, string? departmentId = null, string? managerEmail = null, string role = Roles.Staff, string? password = null) => new()
    {
        ["displayName"] = name, ["email"] = email, ["title"] = "Sachbearbeitung", ["departmentId"] = departmentId ?? "",
        ["managerEmail"] = managerEmail ?? "", ["role"] = role, ["password"] = password ?? "",
    };

    private Task<HttpResponseMessage> CreateAsync(Dictionary<string, string> form) =>
        TestData.PostFormAsync(_admin, "/admin/people/new", "/admin/people", form);

    private Task<HttpResponseMessage> UpdateAsync(long id, Dictionary<string, string> form) =>
        TestData.PostFormAsync(_admin, $"/admin/people/{Id(id)}", $"/admin/people/{Id(id)}", form);

    /// The person's current form values, changed by the given fields, as the admin would submit them.
    private async Task<Dictionary<string, string>> EditedAsync(long id, Dictionary<string, string> changes)
    {
        var page = await TestData.GetPageAsync(_admin, $"/admin/people/{Id(id)}");
        var form = page.QuerySelector($"form[action='/admin/people/{Id(id)}']")!;
        var fields = form.QuerySelectorAll("input[name]:not([type=hidden])").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            fields[select.GetAttribute("name")!] = select.QuerySelector("option[selected]")?.GetAttribute("value") ?? "";
        }

        foreach (var (key, value) in changes)
        {
            fields[key] = value;
        }

        return fields;
    }

    private static string NewEmail() => $"{TestData.Unique("neu")}@test.example";

    private Task<long> CountAsync(string table) => TestData.ScalarAsync<long>(_app, $"SELECT COUNT(*) FROM {table}");

    private async Task<string> ErrorsAsync(HttpResponseMessage response) =>
        (await TestData.ParseAsync(response)).QuerySelector(".errors")?.TextContent ?? "";

    [Test]
    public async Task An_admin_creates_a_person_who_can_then_sign_in()
    {
        var department = await TestData.DepartmentAsync(_app);
        var email = NewEmail();

        var response = await CreateAsync(Form("Neue Kollegin", email, Id(department), _adminPerson.Email, password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ErrorsAsync(response));
        var client = await TestData.SignedInClientAsync(_app, new TestPerson(0, email, "Neue Kollegin", "anfang123"));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT level FROM users WHERE email = @email", new { email }), Is.EqualTo(2));
    }

    [Test]
    public async Task A_duplicate_email_in_other_letter_case_is_refused_with_a_message_and_nothing_is_stored()
    {
        var existing = await TestData.PersonAsync(_app);
        var before = await CountAsync("users");

        var response = await CreateAsync(Form("Doppelt", existing.Email.ToUpperInvariant(), password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain(existing.Email.ToUpperInvariant()));
        Assert.That(await CountAsync("users"), Is.EqualTo(before));
    }

    [Test]
    public async Task Changing_an_email_to_one_someone_else_has_is_refused()
    {
        var first = await TestData.PersonAsync(_app);
        var second = await TestData.PersonAsync(_app);

        var response = await UpdateAsync(second.Id, await EditedAsync(second.Id, new() { ["email"] = first.Email }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT email FROM users WHERE id = @id", new { id = second.Id }), Is.EqualTo(second.Email));
    }

    [TestCase("99999999")]
    [TestCase("abc")]
    public async Task An_unknown_department_id_is_refused_with_400(string departmentId)
    {
        var before = await CountAsync("users");

        var response = await CreateAsync(Form("Ohne Abteilung", NewEmail(), departmentId, password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("Unbekannte Abteilung."));
        Assert.That(await CountAsync("users"), Is.EqualTo(before));
    }

    [TestCase("kein-at-zeichen")]
    [TestCase("Name <name@example.de>")]
    [TestCase("zwei@@example.de")]
    public async Task An_address_that_does_not_look_like_an_email_is_refused(string email)
    {
        var response = await CreateAsync(Form("Falsche Adresse", email, password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("sieht nicht wie eine E-Mail-Adresse aus"));
    }

    [Test]
    public async Task A_name_over_64_characters_is_refused()
    {
        var response = await CreateAsync(Form(new string('n', 65), NewEmail(), password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("64"));
    }

    [Test]
    public async Task A_new_person_without_a_password_is_refused()
    {
        var response = await CreateAsync(Form("Ohne Passwort", NewEmail()));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("Erstes Passwort"));
    }

    [Test]
    public async Task A_password_shorter_than_the_minimum_is_refused()
    {
        var response = await CreateAsync(Form("Kurzes Passwort", NewEmail(), password: new string('p', Passwords.MinLength - 1)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_unknown_role_is_refused()
    {
        var response = await CreateAsync(Form("Rolle", NewEmail(), role: "Owner", password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_manager_that_would_close_a_cycle_is_refused()
    {
        var top = await TestData.PersonAsync(_app);
        var middle = await TestData.PersonAsync(_app, managerId: top.Id);
        var bottom = await TestData.PersonAsync(_app, managerId: middle.Id);

        var response = await UpdateAsync(top.Id, await EditedAsync(top.Id, new() { ["managerEmail"] = bottom.Email }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("Kreis"));
        Assert.That(await TestData.ScalarAsync<long?>(_app, "SELECT COALESCE(manager_id, 0) FROM users WHERE id = @id", new { id = top.Id }), Is.Zero);
    }

    [Test]
    public async Task A_person_cannot_be_their_own_manager()
    {
        var person = await TestData.PersonAsync(_app);

        var response = await UpdateAsync(person.Id, await EditedAsync(person.Id, new() { ["managerEmail"] = person.Email }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("Niemand kann die eigene Führungskraft sein."));
    }

    [Test]
    public async Task An_unknown_manager_is_refused()
    {
        var response = await CreateAsync(Form("Neu", NewEmail(), managerEmail: NewEmail(), password: "anfang123"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ErrorsAsync(response), Does.Contain("Es gibt keine Person"));
    }

    [Test]
    public async Task Levels_of_the_person_and_everyone_below_are_recomputed_after_a_manager_change()
    {
        var top = await TestData.PersonAsync(_app);
        var second = await TestData.PersonAsync(_app, managerId: top.Id);
        var third = await TestData.PersonAsync(_app, managerId: second.Id);
        var mover = await TestData.PersonAsync(_app, managerId: top.Id);
        var below = await TestData.PersonAsync(_app, managerId: mover.Id);

        var response = await UpdateAsync(mover.Id, await EditedAsync(mover.Id, new() { ["managerEmail"] = third.Email }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ErrorsAsync(response));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT level FROM users WHERE id = @id", new { id = mover.Id }), Is.EqualTo(4));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT level FROM users WHERE id = @id", new { id = below.Id }), Is.EqualTo(5));
    }

    [Test]
    public async Task Deactivation_ends_the_persons_session_at_their_next_request()
    {
        var person = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, person);
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var response = await TestData.PostFormAsync(_admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}/deactivate", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var next = await client.GetAsync("/");
        Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(next.Headers.Location!.AbsolutePath, Is.EqualTo("/account/signin"));
    }

    [Test]
    public async Task A_deactivated_person_cannot_sign_in()
    {
        var person = await TestData.PersonAsync(_app);
        await TestData.PostFormAsync(_admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}/deactivate", []);
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = person.Email, ["password"] = person.Password });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_deactivated_persons_posts_stay()
    {
        var person = await TestData.PersonAsync(_app);
        var postId = await TestData.MicroAsync(await TestData.SignedInClientAsync(_app, person), TestData.Unique("Bleibt"));

        await TestData.PostFormAsync(_admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}/deactivate", []);

        Assert.That((await _admin.GetAsync($"/posts/{Id(postId)}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_reactivated_person_can_sign_in_again()
    {
        var person = await TestData.PersonAsync(_app);
        await TestData.PostFormAsync(_admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}/deactivate", []);

        await TestData.PostFormAsync(_admin, $"/admin/people/{Id(person.Id)}", $"/admin/people/{Id(person.Id)}/reactivate", []);

        await TestData.SignedInClientAsync(_app, person);
    }

    [Test]
    public async Task A_role_change_ends_the_persons_session_at_their_next_request()
    {
        var person = await TestData.PersonAsync(_app);
        var client = await TestData.SignedInClientAsync(_app, person);

        var response = await UpdateAsync(person.Id, await EditedAsync(person.Id, new() { ["role"] = Roles.Executive }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ErrorsAsync(response));
        Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task An_admin_cannot_deactivate_themselves()
    {
        var response = await TestData.PostFormAsync(_admin, "/admin/people", $"/admin/people/{Id(_adminPerson.Id)}/deactivate", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_admin_cannot_take_away_their_own_admin_role()
    {
        var response = await UpdateAsync(_adminPerson.Id, await EditedAsync(_adminPerson.Id, new() { ["role"] = Roles.Staff }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT role FROM users WHERE id = @id", new { id = _adminPerson.Id }), Is.EqualTo(Roles.Admin));
    }

    [Test]
    public async Task Setting_a_password_lets_a_person_without_one_sign_in()
    {
        var person = await TestData.PersonAsync(_app);
        await using (var connection = await _app.Service<Intranet.Blog.Infrastructure.Db.Database>().OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE users SET password_hash = NULL WHERE id = @id", new { id = person.Id });
        }

        var response = await UpdateAsync(person.Id, await EditedAsync(person.Id, new() { ["password"] = "frisch-gesetzt" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await ErrorsAsync(response));
        await TestData.SignedInClientAsync(_app, person with { Password = "frisch-gesetzt" });
    }

    [Test]
    public async Task Editing_a_person_writes_an_audit_row_with_the_changes()
    {
        var person = await TestData.PersonAsync(_app);

        await UpdateAsync(person.Id, await EditedAsync(person.Id, new() { ["role"] = Roles.Executive }));

        var audit = await TestData.GetPageAsync(_admin, "/admin/audit");
        var row = audit.QuerySelectorAll("tbody tr").First();
        Assert.That(row.QuerySelector("a")!.GetAttribute("href"), Is.EqualTo($"/admin/people/{Id(person.Id)}"));
        Assert.That(row.QuerySelector("a")!.TextContent, Is.EqualTo(person.Name));
        Assert.That(row.QuerySelector(".sentence")!.TextContent, Is.EqualTo($"{_adminPerson.Name} hat {person.Name} geändert: Rolle: Mitarbeiter:in → Führungskraft."));
    }

    [Test]
    public async Task The_people_list_pages_through_a_department_by_name_showing_everyone_once()
    {
        var department = await TestData.DepartmentAsync(_app);
        var names = new List<string>();
        for (var i = 0; i < 55; i++)
        {
            // Repeated names: the cursor must carry the id too.
            var name = $"Person {i % 20:D2}";
            names.Add(name);
            await TestData.PersonAsync(_app, departmentId: department, name: name);
        }

        var seen = new List<string>();
        var url = $"/admin/people?department={Id(department)}";
        for (var pages = 0; url is not null && pages < 5; pages++)
        {
            var page = await TestData.GetPageAsync(_admin, url);
            seen.AddRange(page.QuerySelectorAll("tbody .person-link").Select(a => a.TextContent));
            url = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }

        Assert.That(seen, Is.EqualTo(names.Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task Percent_and_underscore_are_no_wildcards()
    {
        var department = await TestData.DepartmentAsync(_app);
        await TestData.PersonAsync(_app, departmentId: department, name: "Rabatt 100%");
        await TestData.PersonAsync(_app, departmentId: department, name: "Skonto 1000");

        // The one people search reads words: punctuation separates them and alone finds nobody (never everybody).
        var percent = await TestData.GetPageAsync(_admin, $"/admin/people?department={Id(department)}&q={Uri.EscapeDataString("%")}");
        var underscore = await TestData.GetPageAsync(_admin, $"/admin/people?department={Id(department)}&q={Uri.EscapeDataString("_")}");
        var words = await TestData.GetPageAsync(_admin, $"/admin/people?department={Id(department)}&q={Uri.EscapeDataString("rabatt 100%")}");

        Assert.That(percent.QuerySelectorAll("tbody .person-link"), Is.Empty);
        Assert.That(underscore.QuerySelectorAll("tbody .person-link"), Is.Empty);
        Assert.That(words.QuerySelectorAll("tbody .person-link").Select(a => a.TextContent), Is.EqualTo(new[] { "Rabatt 100%" }));
    }

    [Test]
    public async Task Search_finds_people_by_part_of_their_email()
    {
        var person = await TestData.PersonAsync(_app);

        var page = await TestData.GetPageAsync(_admin, $"/admin/people?q={person.Email[..12]}");

        Assert.That(page.QuerySelectorAll("tbody .person-link").Select(a => a.TextContent), Does.Contain(person.Name));
    }
}
