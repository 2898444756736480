using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Reach;

/// A post's reach funnel against a hand-counted organisation. Bands: leadership is level 1, middle management level 2,
/// staff level 3 and below. Everyone but the author is the audience of an ordinary post:
///   Vertrieb (A): an admin (level 1), m1, m2 (level 2), s1–s4 (level 3)   7 people
///   Technik (B):  m3 (level 2), s5–s8 (level 3)                           5 people
///   Recht (C):    m4 (level 2), c1 (level 3)                              2 people
///   Kantine (D):  x1 (level 1, no manager), d1 (level 2)                  2 people
/// C and D (4) are fewer than five together, so the smallest shown department, B, joins them: "other departments" 9.
/// Leadership (the admin, x1) is two people and merges with middle management (m1–m4, d1): 7; staff (s1–s8, c1): 9.
public sealed class ReachFunnelTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;
    private readonly Dictionary<string, TestPerson> _people = [];
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly Dictionary<string, long> _departments = [];
    private readonly Dictionary<string, string> _names = [];
    private long _post;

    [OneTimeSetUp]
    public async Task BuildOrganisation()
    {
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock),
            settings: new Dictionary<string, string> { ["Intranet:LeadershipUpToLevel"] = "1", ["Intranet:ManagementUpToLevel"] = "2" });
        foreach (var name in new[] { "Vertrieb", "Technik", "Recht", "Kantine" })
        {
            _names[name] = TestData.Unique(name);
            _departments[name] = await TestData.DepartmentAsync(_app, _names[name]);
        }

        await Add("author", Roles.Executive, "Vertrieb", null);
        await Add("admin", Roles.Admin, "Vertrieb", null);
        foreach (var (name, department) in new[] { ("m1", "Vertrieb"), ("m2", "Vertrieb"), ("m3", "Technik"), ("m4", "Recht") })
        {
            await Add(name, Roles.Staff, department, "author");
        }

        foreach (var name in new[] { "s1", "s2", "s3", "s4" })
        {
            await Add(name, Roles.Staff, "Vertrieb", "m1");
        }

        foreach (var name in new[] { "s5", "s6", "s7", "s8" })
        {
            await Add(name, Roles.Staff, "Technik", "m3");
        }

        await Add("c1", Roles.Staff, "Recht", "m4");
        await Add("x1", Roles.Staff, "Kantine", null);
        await Add("d1", Roles.Staff, "Kantine", "x1");
        await FollowAsync("s3", "author");

        // Comparison: five earlier micro posts of the author, opened in their first week by 0, 1, 2, 3 and 5 people
        // (median 2), and one by m1 opened by 1: the company's six are 0, 1, 1, 2, 3, 5 (median 1.5).
        var earlierReaders = new[] { Array.Empty<string>(), ["s1"], ["s1", "s2"], ["s1", "s2", "s3"], ["s1", "s2", "s3", "s4", "s5"] };
        foreach (var readers in earlierReaders)
        {
            var earlier = await TestData.MicroAsync(_clients["author"], TestData.Unique("Früher"));
            await OpenAsync(earlier, readers);
        }

        await OpenAsync(await TestData.MicroAsync(_clients["m1"], TestData.Unique("Von m1")), "s1");
        _clock.Advance(TimeSpan.FromHours(1));

        _post = await TestData.MicroAsync(_clients["author"], TestData.Unique("Neuigkeiten"));
        await OpenAsync(_post, "s1", "s2");
        _clock.Advance(TimeSpan.FromHours(2));
        await OpenAsync(_post, "m3", "x1");
        _clock.Advance(TimeSpan.FromDays(2));
        await OpenAsync(_post, "c1");
        _clock.Advance(TimeSpan.FromDays(6));
        await OpenAsync(_post, "s5");
        await ReactAsync("s1", _post);
        await ReactAsync("m3", _post);
        await TestData.CommentAsync(_clients["s2"], _post, "Gute Nachricht");
        await TestData.CommentAsync(_clients["s1"], _post, "Danke");
        await TestData.CommentAsync(_clients["author"], _post, "Gern");
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await _app.DisposeAsync();
    }

    [Test]
    public async Task The_totals_are_the_hand_counted_funnel()
    {
        var page = await ReachPageAsync("author");

        // Audience: everyone but the author, who never counts.
        Assert.That(Stage(page, "audience"), Is.EqualTo(16));
        Assert.That(Stage(page, "notified"), Is.EqualTo(1), "s3 follows the author");
        Assert.That(Stage(page, "opened"), Is.EqualTo(6));
        Assert.That(Stage(page, "engaged"), Is.EqualTo(3), "s1 (reacted and commented), s2 (commented), m3 (reacted); not the author");
        Assert.That(page.QuerySelector("[data-stage='acknowledged']"), Is.Null, "an ordinary post has no acknowledgements");
    }

    [Test]
    public async Task Departments_under_five_are_merged_and_the_smallest_shown_joins_them_while_they_are_under_five()
    {
        var rows = Rows(await ReachPageAsync("author"), "Nach Abteilung");

        // Columns: addressed, notified, first hour, first day, first week, opened, reacted or commented.
        // Technik (5) is not shown on its own: "other departments" would be Recht and Kantine, 4 people, and Technik's
        // row subtracted from the total would tell them apart.
        Assert.That(rows.Keys, Is.EqualTo(new[] { _names["Vertrieb"], Others }));
        Assert.That(rows[_names["Vertrieb"]], Is.EqualTo(new[] { "7", "1", "2", "2", "2", "2 (28 %)", "2" }));
        Assert.That(rows[Others], Is.EqualTo(new[] { "9", "0", "0", "2", "3", "4 (44 %)", "1" }));
    }

    [Test]
    public async Task Bands_are_not_shown_beside_departments_whose_crossings_would_single_people_out()
    {
        var page = await ReachPageAsync("author");

        // Leadership (the admin, x1) merges with middle management (7 people) and staff are 9, but Vertrieb holds 3 of
        // the first band: an open that moves Vertrieb's row and that band's row by one would be one of those 3.
        Assert.That(page.QuerySelectorAll("table caption").Select(c => c.TextContent.Trim()), Is.EqualTo(new[] { "Nach Abteilung" }));
        Assert.That(page.QuerySelector("[data-no-table='bands']")!.TextContent, Does.Contain("weniger als fünf Personen eingrenzen"));
    }

    [Test]
    public async Task A_band_under_five_merges_with_the_next_so_no_figure_describes_one_executive()
    {
        // Kantine alone: x1 (leadership, level 1) and d1 (middle management); one department crosses nothing.
        var memo = await Memos.PublishedAsync(_clients["author"], TestData.Unique("Kantine und Technik"), mustRead: false, null, _departments["Technik"], _departments["Kantine"]);
        await OpenAsync(memo, "x1", "s5", "s6");

        var page = await ReachPageAsync("author", memo);
        var rows = Rows(page, "Nach Hierarchiestufe");

        // Technik (m3, s5–s8) is 5, Kantine (x1, d1) 2: Kantine is fewer than five, so Technik joins it as "other
        // departments" (7), a single row that crosses nothing. x1 alone is leadership (1), with middle management (m3,
        // d1) still 3, so both merge into staff (s5–s8): one row of 7 with 3 opened.
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows["Leitung (Ebene 1) + Mittlere Führung (Ebene 2) + Mitarbeitende (ab Ebene 3)"], Is.EqualTo(new[] { "7", "7", "3", "3", "3", "3 (42 %)", "0" }));
        Assert.That(Rows(page, "Nach Abteilung").Keys, Is.EqualTo(new[] { Others }));
    }

    [Test]
    public async Task The_comparison_line_gives_the_authors_and_the_companys_median_for_the_same_kind()
    {
        var line = (await ReachPageAsync("author")).QuerySelector("[data-compare]")!.TextContent;

        Assert.That(line, Does.Contain("In der ersten Woche geöffnet: 5."));
        Assert.That(line, Does.Contain("Median deiner früheren Beiträge dieser Art: 2."));
        Assert.That(line, Does.Contain("Median aller Beiträge dieser Art im Unternehmen: 1,5."));
    }

    [Test]
    public async Task Only_the_author_and_admins_see_the_reach_and_its_link()
    {
        Assert.That((await _clients["s1"].GetAsync($"/posts/{_post}/reach")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _clients["m1"].GetAsync($"/posts/{_post}/reach")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a manager is not an admin");
        Assert.That((await _clients["admin"].GetAsync($"/posts/{_post}/reach")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await TestData.GetPageAsync(_clients["author"], $"/posts/{_post}")).QuerySelector($"a[href='/posts/{_post}/reach']"), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(_clients["s1"], $"/posts/{_post}")).QuerySelector($"a[href='/posts/{_post}/reach']"), Is.Null);
    }

    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("99999999")]
    [TestCase("9223372036854775807")]
    [TestCase("9223372036854775808")]
    [TestCase("1e3")]
    [TestCase("%27%20OR%201%3D1")]
    public async Task A_hostile_post_id_is_not_found(string id)
    {
        var response = await _clients["author"].GetAsync($"/posts/{id}/reach");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_announcement_to_fewer_than_five_shows_only_how_many_were_addressed()
    {
        var memo = await Memos.PublishedAsync(_clients["author"], TestData.Unique("Kleine Runde"), mustRead: false, null, _departments["Recht"], _departments["Kantine"]);
        await OpenAsync(memo, "c1");

        var page = await ReachPageAsync("author", memo);

        Assert.That(page.QuerySelector("[data-progress]")!.TextContent, Does.Contain("4 Empfänger:innen").And.Contain("Weniger als fünf Personen"));
        Assert.That(page.QuerySelector("[data-stage]"), Is.Null);
        Assert.That(page.QuerySelectorAll("table"), Is.Empty);
    }

    [Test]
    public async Task A_must_read_counts_acknowledgements_among_its_addressees()
    {
        var memo = await Memos.PublishedAsync(_clients["author"], TestData.Unique("Pflicht"), mustRead: true, Memos.InDays(_clock, 5), _departments["Vertrieb"]);
        foreach (var name in new[] { "s1", "s2", "m1" })
        {
            await OpenAsync(memo, name);
            var response = await TestData.PostFormAsync(_clients[name], $"/posts/{memo}", $"/posts/{memo}/acknowledge", []);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var page = await ReachPageAsync("author", memo);

        Assert.That(Stage(page, "audience"), Is.EqualTo(7), "Vertrieb without its author");
        Assert.That(Stage(page, "opened"), Is.EqualTo(3));
        Assert.That(Stage(page, "acknowledged"), Is.EqualTo(3));
        Assert.That(Stage(page, "notified"), Is.EqualTo(7), "every addressee is told about an announcement");
    }

    private const string Others = "Weitere Abteilungen";

    private async Task Add(string name, string role, string? department, string? manager)
    {
        var person = await TestData.PersonAsync(_app, role, department is null ? null : _departments[department], manager is null ? null : _people[manager].Id, TestData.Unique(name));
        _people[name] = person;
        _clients[name] = await TestData.SignedInClientAsync(_app, person);
    }

    private async Task FollowAsync(string who, string whom)
    {
        var response = await TestData.PostFormAsync(_clients[who], "/", "/follows",
            new() { ["kind"] = "person", ["id"] = _people[whom].Id.ToString(CultureInfo.InvariantCulture), ["follow"] = "true", ["returnUrl"] = "/" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "follow");
    }

    private async Task OpenAsync(long post, params string[] readers)
    {
        foreach (var reader in readers)
        {
            var response = await _clients[reader].GetAsync($"/posts/{post}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{reader} opens {post}: {response.Headers.Location}");
        }
    }

    private async Task ReactAsync(string who, long post)
    {
        var response = await TestData.PostFormAsync(_clients[who], $"/posts/{post}", $"/posts/{post}/reactions", new() { ["kind"] = "like", ["state"] = "true" });
        Assert.That((int)response.StatusCode, Is.LessThan(400), "reaction");
    }

    private async Task<IHtmlDocument> ReachPageAsync(string who, long? post = null)
    {
        var response = await _clients[who].GetAsync($"/posts/{post ?? _post}/reach");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await TestData.ParseAsync(response);
    }

    private static int Stage(IHtmlDocument page, string stage) =>
        int.Parse(page.QuerySelector($"[data-stage='{stage}']")!.TextContent, CultureInfo.InvariantCulture);

    private static Dictionary<string, string[]> Rows(IHtmlDocument page, string caption)
    {
        var table = page.QuerySelectorAll("table").Single(t => t.QuerySelector("caption")!.TextContent.Trim() == caption);
        return table.QuerySelectorAll("tbody tr").ToDictionary(
            r => r.QuerySelector("th")!.TextContent.Trim(),
            r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray());
    }
}
