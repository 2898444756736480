using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Announcements;

public sealed class AnnouncementTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(string role = Roles.Staff, long? department = null)
    {
        var person = await TestData.PersonAsync(_app, role, department);
        return (person, await TestData.SignedInClientAsync(_app, person));
    }

    private Task<long> RecipientsAsync(long postId) =>
        TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM announcement_recipients WHERE post_id = @postId AND counted = 1", new { postId });

    private Task<long> IsRecipientAsync(long postId, long userId) =>
        TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM announcement_recipients WHERE post_id = @postId AND user_id = @userId", new { postId, userId });

    [Test]
    public async Task A_department_is_addressed_with_its_sub_departments_as_they_are_at_publishing()
    {
        var division = await TestData.DepartmentAsync(_app);
        var team = await Memos.ChildDepartmentAsync(_app, division);
        var teamOfTeam = await Memos.ChildDepartmentAsync(_app, team);
        var elsewhere = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive, elsewhere);
        var inDivision = await TestData.PersonAsync(_app, departmentId: division);
        var inTeam = await TestData.PersonAsync(_app, departmentId: teamOfTeam);
        var outside = await TestData.PersonAsync(_app, departmentId: elsewhere);

        var id = await Memos.PublishedAsync(executive, "Neue Reisekostenregel", mustRead: false, due: null, division);
        var later = await TestData.PersonAsync(_app, departmentId: team);

        Assert.Multiple(async () =>
        {
            Assert.That(await IsRecipientAsync(id, inDivision.Id), Is.EqualTo(1));
            Assert.That(await IsRecipientAsync(id, inTeam.Id), Is.EqualTo(1), "a sub-department's sub-department");
            Assert.That(await IsRecipientAsync(id, outside.Id), Is.Zero);
            Assert.That(await IsRecipientAsync(id, later.Id), Is.Zero, "joined after publishing");
            Assert.That(await Memos.NotificationsAsync(_app, id, "announcement"), Is.EqualTo(2), "one notification per addressee");
        });
    }

    [Test]
    public async Task The_whole_company_is_everyone_active_but_the_author()
    {
        var (author, executive) = await PersonAsync(Roles.Admin);
        var active = await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM users WHERE is_active = 1");

        var id = await Memos.PublishedAsync(executive, "An alle", mustRead: false, due: null);

        Assert.That(await RecipientsAsync(id), Is.EqualTo(active - 1));
        Assert.That(await IsRecipientAsync(id, author.Id), Is.Zero);
    }

    [Test]
    public async Task Staff_cannot_publish_an_announcement_and_nothing_is_stored()
    {
        var (staff, client) = await PersonAsync();

        var response = await Memos.PublishAsync(client, "Ich darf das nicht", mustRead: false, due: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Nur Führungskräfte und Admins"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = staff.Id }), Is.Zero);
    }

    [Test]
    public async Task A_must_read_without_a_due_date_is_refused()
    {
        var (_, executive) = await PersonAsync(Roles.Executive);

        var response = await Memos.PublishAsync(executive, "Ohne Datum", mustRead: true, due: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("Fälligkeitsdatum"));
    }

    [Test]
    public async Task An_announcement_stays_on_top_of_the_feed_until_opened_and_is_not_repeated_below()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (_, reader) = await PersonAsync(department: department);
        var id = await Memos.PublishedAsync(executive, "Betriebsversammlung", mustRead: false, due: null, department);

        var before = await TestData.GetPageAsync(reader, "/");
        await TestData.GetPageAsync(reader, $"/posts/{id}");
        var after = await TestData.GetPageAsync(reader, "/");

        Assert.That(before.QuerySelector($"[data-announcements] #post-{id}"), Is.Not.Null);
        Assert.That(before.QuerySelectorAll($"#post-{id}"), Has.Length.EqualTo(1));
        Assert.That(after.QuerySelector($"[data-announcements] #post-{id}"), Is.Null);
        Assert.That(after.QuerySelector($"[data-feed] #post-{id}"), Is.Not.Null);
    }

    [Test]
    public async Task A_must_read_stays_on_top_until_acknowledged_and_tells_its_readers_the_sender_sees_it()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (_, reader) = await PersonAsync(department: department);
        var id = await Memos.PublishedAsync(executive, "Arbeitsschutz", mustRead: true, Memos.InDays(_clock, 7), department);

        var page = await TestData.GetPageAsync(reader, $"/posts/{id}");
        var stillPinned = await TestData.GetPageAsync(reader, "/");
        var response = await Memos.AcknowledgeAsync(reader, id);
        var gone = await TestData.GetPageAsync(reader, "/");
        var acknowledged = await TestData.GetPageAsync(reader, $"/posts/{id}");

        Assert.That(page.QuerySelector("#memo .evidence-note")?.TextContent, Does.Contain("der Absender sieht, wer bestätigt hat"));
        Assert.That(page.QuerySelector($"form[action='/posts/{id}/acknowledge']"), Is.Not.Null);
        Assert.That(stillPinned.QuerySelector($"[data-announcements] #post-{id}"), Is.Not.Null, "opened, but not acknowledged");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(gone.QuerySelector($"[data-announcements] #post-{id}"), Is.Null);
        Assert.That(acknowledged.QuerySelector("#memo .acknowledged"), Is.Not.Null);
        Assert.That(acknowledged.QuerySelector($"form[action='/posts/{id}/acknowledge']"), Is.Null);
    }

    [Test]
    public async Task Progress_counts_overall_and_per_department_and_lists_who_has_not_acknowledged()
    {
        var first = await TestData.DepartmentAsync(_app);
        var second = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (done, doneClient) = await PersonAsync(department: first);
        var waiting = await TestData.PersonAsync(_app, departmentId: first);
        var other = await TestData.PersonAsync(_app, departmentId: second);
        var id = await Memos.PublishedAsync(executive, "Datenschutzschulung", mustRead: true, Memos.InDays(_clock, 3), first, second);

        await Memos.AcknowledgeAsync(doneClient, id);
        var page = await TestData.GetPageAsync(executive, $"/posts/{id}/progress");

        Assert.That(page.QuerySelector(".progress-total strong")?.TextContent, Is.EqualTo("1 von 3 haben bestätigt"));
        Assert.That(page.QuerySelector($"[data-department-progress='{first}']")?.TextContent, Does.Contain("1 (50 %)"));
        Assert.That(page.QuerySelector($"[data-department-progress='{second}']")?.TextContent, Does.Contain("0 (0 %)"));
        var pending = page.QuerySelector(".pending-list")!.TextContent;
        Assert.That(pending, Does.Contain(waiting.Name).And.Contain(other.Name).And.Not.Contain(done.Name));
    }

    [Test]
    public async Task An_ordinary_announcements_reach_shows_no_department_of_fewer_than_five_on_its_own()
    {
        var large = await TestData.DepartmentAsync(_app);
        var two = await TestData.DepartmentAsync(_app);
        var three = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var readers = new List<HttpClient>();
        foreach (var (department, count) in new[] { (large, 5), (two, 2), (three, 3) })
        {
            for (var i = 0; i < count; i++)
            {
                readers.Add((await PersonAsync(department: department)).Client);
            }
        }

        var id = await Memos.PublishedAsync(executive, "Kantine geschlossen", mustRead: false, null, large, two, three);
        // One of the two in the small department opens it.
        await readers[5].GetAsync($"/posts/{id}");
        var page = await TestData.GetPageAsync(executive, $"/posts/{id}/progress");

        Assert.That(page.QuerySelector(".progress-total strong")?.TextContent, Is.EqualTo("1 von 10 haben geöffnet"), "the overall count stays");
        Assert.That(page.QuerySelector($"[data-department-progress='{large}']")?.TextContent, Does.Contain("0 (0 %)"));
        Assert.That(page.QuerySelector($"[data-department-progress='{two}']"), Is.Null, "two people cannot be told apart from who opened");
        Assert.That(page.QuerySelector($"[data-department-progress='{three}']"), Is.Null);
        Assert.That(page.QuerySelector(".progress-table tbody tr:last-child")!.TextContent, Does.Contain("Weitere Abteilungen").And.Contain("1 (20 %)"));

        var alone = await Memos.PublishedAsync(executive, "Nur für zwei", mustRead: false, null, two);
        await readers[5].GetAsync($"/posts/{alone}");
        var small = await TestData.GetPageAsync(executive, $"/posts/{alone}/progress");
        Assert.That(small.QuerySelector(".progress-table"), Is.Null, "under five in all: no departments");
        Assert.That(small.QuerySelector("meter"), Is.Null);
        Assert.That(small.QuerySelector(".progress-total")!.TextContent, Does.Contain("2 Empfänger:innen").And.Contain("Weniger als fünf"));
        Assert.That(small.QuerySelector(".progress-total")!.TextContent, Does.Not.Contain("1 von 2").And.Not.Contain("50 %"), "two addressees, one of whom opened it: no count tells whether it was them");
    }

    [Test]
    public async Task The_evidence_is_a_csv_of_every_addressee_and_its_export_is_audited()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (author, executive) = await PersonAsync(Roles.Executive);
        var (done, doneClient) = await PersonAsync(department: department);
        var waiting = await TestData.PersonAsync(_app, departmentId: department, name: "=HYPERLINK(\"x\") Mustermann");
        var id = await Memos.PublishedAsync(executive, "Nachweis", mustRead: true, Memos.InDays(_clock, 3), department);
        await Memos.AcknowledgeAsync(doneClient, id);

        var response = await TestData.PostFormAsync(executive, $"/posts/{id}", $"/posts/{id}/acknowledgements.csv", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        Assert.That(lines.Single(l => l.StartsWith(done.Name, StringComparison.Ordinal)), Does.Contain(";Bestätigt;1;"));
        Assert.That(lines.Single(l => l.Contains("HYPERLINK", StringComparison.Ordinal)), Does.StartWith("\"'=HYPERLINK").And.Contain("Nicht bestätigt"));
        Assert.That(await TestData.ScalarAsync<long>(_app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'announcement.evidence_exported' AND target = @target AND actor_id = @actor",
            new { target = $"post:{id}", actor = author.Id }), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_the_author_and_admins_see_progress_and_evidence()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (_, reader) = await PersonAsync(department: department);
        var (_, admin) = await PersonAsync(Roles.Admin);
        var (_, otherExecutive) = await PersonAsync(Roles.Executive);
        var id = await Memos.PublishedAsync(executive, "Vertraulich?", mustRead: true, Memos.InDays(_clock, 3), department);

        Assert.Multiple(async () =>
        {
            Assert.That((await reader.GetAsync($"/posts/{id}/progress")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await TestData.PostFormAsync(otherExecutive, $"/posts/{id}", $"/posts/{id}/acknowledgements.csv", [])).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await TestData.PostFormAsync(reader, $"/posts/{id}", $"/posts/{id}/remind", [])).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await admin.GetAsync($"/posts/{id}/progress")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await TestData.GetPageAsync(reader, $"/posts/{id}")).QuerySelector($"#memo a[href='/posts/{id}/progress']"), Is.Null);
        });
    }

    [Test]
    public async Task On_the_due_date_those_who_have_not_acknowledged_get_one_reminder()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (done, doneClient) = await PersonAsync(department: department);
        var waiting = await TestData.PersonAsync(_app, departmentId: department);
        var id = await Memos.PublishedAsync(executive, "Fällig übermorgen", mustRead: true, Memos.InDays(_clock, 2), department);
        await Memos.AcknowledgeAsync(doneClient, id);

        await Memos.RemindDueAsync(_app);
        var beforeDue = await Memos.NotificationsAsync(_app, id, "reminder");
        _clock.Advance(TimeSpan.FromDays(2.5));
        await Memos.RemindDueAsync(_app);
        await Memos.RemindDueAsync(_app);

        Assert.That(beforeDue, Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE post_id = @id AND kind = 'reminder' AND recipient_id = @user",
            new { id, user = waiting.Id }), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM notifications WHERE post_id = @id AND kind = 'reminder' AND recipient_id = @user",
            new { id, user = done.Id }), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM audit_log WHERE action = 'announcement.reminded' AND target = @target",
            new { target = $"post:{id}" }), Is.EqualTo(1));
    }

    [Test]
    public async Task The_author_reminds_by_hand_at_most_once_a_day()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        await TestData.PersonAsync(_app, departmentId: department);
        var id = await Memos.PublishedAsync(executive, "Bitte lesen", mustRead: true, Memos.InDays(_clock, 30), department);

        var first = await TestData.PostFormAsync(executive, $"/posts/{id}/progress", $"/posts/{id}/remind", []);
        var second = await TestData.PostFormAsync(executive, $"/posts/{id}/progress", $"/posts/{id}/remind", []);
        var page = await TestData.GetPageAsync(executive, second.Headers.Location!.OriginalString);
        _clock.Advance(TimeSpan.FromHours(24.5));
        var third = await TestData.PostFormAsync(executive, $"/posts/{id}/progress", $"/posts/{id}/remind", []);

        Assert.That(first.Headers.Location!.OriginalString, Does.EndWith("reminded=true"));
        Assert.That(second.Headers.Location!.OriginalString, Does.EndWith("tooSoon=true"));
        Assert.That(page.QuerySelector("p.notice[role=alert]")?.TextContent, Does.Contain("weniger als einem Tag"));
        Assert.That(third.Headers.Location!.OriginalString, Does.EndWith("reminded=true"));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM audit_log WHERE action = 'announcement.reminded' AND target = @target",
            new { target = $"post:{id}" }), Is.EqualTo(2));
    }

    [Test]
    public async Task A_minor_edit_keeps_acknowledgements_and_a_material_one_asks_again_keeping_both()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (reader, readerClient) = await PersonAsync(department: department);
        var id = await Memos.PublishedAsync(executive, "Hausordnung", mustRead: true, Memos.InDays(_clock, 10), department);
        await Memos.AcknowledgeAsync(readerClient, id);

        await EditAsync(executive, id, "Hausordnung", "Tippfehler behoben.", material: false);
        var afterMinor = await TestData.GetPageAsync(readerClient, $"/posts/{id}");
        await EditAsync(executive, id, "Hausordnung", "Rauchen nur noch im Hof.", material: true);
        var afterMaterial = await TestData.GetPageAsync(readerClient, $"/posts/{id}");
        await Memos.AcknowledgeAsync(readerClient, id);
        var csv = await (await TestData.PostFormAsync(executive, $"/posts/{id}", $"/posts/{id}/acknowledgements.csv", [])).Content.ReadAsStringAsync();

        Assert.That(afterMinor.QuerySelector("#memo .acknowledged"), Is.Not.Null, "a minor edit asks nobody again");
        Assert.That(afterMaterial.QuerySelector("#memo .acknowledged"), Is.Null);
        Assert.That(afterMaterial.QuerySelector("#memo .changed a")?.GetAttribute("href"), Is.EqualTo($"/posts/{id}/history?from=1&to=3#changes"));
        Assert.That(csv.Split("\r\n").Count(l => l.StartsWith(reader.Name, StringComparison.Ordinal)), Is.EqualTo(2), "both acknowledgements are evidence");
        Assert.That(await TestData.ScalarAsync<string>(_app, "SELECT string_agg(CAST(round AS TEXT) || ':' || CAST(version AS TEXT), ',' ORDER BY round) FROM acknowledgements WHERE post_id = @id", new { id }),
            Is.EqualTo("1:1,2:3"));
    }

    [Test]
    public async Task Someone_who_joins_an_addressed_department_later_may_acknowledge_but_does_not_count()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        await TestData.PersonAsync(_app, departmentId: department);
        var id = await Memos.PublishedAsync(executive, "Für später", mustRead: true, Memos.InDays(_clock, 10), department);
        var (_, newcomer) = await PersonAsync(department: department);

        var response = await Memos.AcknowledgeAsync(newcomer, id);
        var progress = await TestData.GetPageAsync(executive, $"/posts/{id}/progress");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(progress.QuerySelector(".progress-total strong")?.TextContent, Is.EqualTo("0 von 1 haben bestätigt"));
    }

    [Test]
    public async Task Someone_not_addressed_cannot_acknowledge()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (_, executive) = await PersonAsync(Roles.Executive);
        var (_, outsider) = await PersonAsync(department: await TestData.DepartmentAsync(_app));
        var id = await Memos.PublishedAsync(executive, "Nicht für dich", mustRead: true, Memos.InDays(_clock, 10), department);

        var response = await Memos.AcknowledgeAsync(outsider, id);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT COUNT(*) FROM acknowledgements WHERE post_id = @id", new { id }), Is.Zero);
    }

    [Test]
    public async Task Publishing_is_audited_with_counts_not_sentences()
    {
        var department = await TestData.DepartmentAsync(_app);
        var (author, executive) = await PersonAsync(Roles.Executive);
        await TestData.PersonAsync(_app, departmentId: department);

        var id = await Memos.PublishedAsync(executive, "Protokolliert", mustRead: true, Memos.InDays(_clock, 10), department);

        var details = await TestData.ScalarAsync<string>(_app, "SELECT details FROM audit_log WHERE action = 'announcement.published' AND target = @target AND actor_id = @actor",
            new { target = $"post:{id}", actor = author.Id });
        Assert.That(details, Is.EqualTo($"{{\"wholeCompany\":false,\"departments\":[{department}],\"mustRead\":true,\"recipients\":1}}"));
    }

    private static Task<HttpResponseMessage> EditAsync(HttpClient client, long id, string title, string body, bool material)
    {
        var fields = new Dictionary<string, string> { ["kind"] = "article", ["title"] = title, ["body"] = body };
        if (material)
        {
            fields["material"] = "true";
        }

        return TestData.PostFormAsync(client, $"/posts/{id}/edit", $"/posts/{id}/edit", fields);
    }
}
