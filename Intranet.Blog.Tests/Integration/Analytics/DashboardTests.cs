using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Dapper;
using Intranet.Blog.Features.Analytics;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Analytics;

/// The dashboard against a hand-counted week. Department D: the CEO (level 1), four heads under the CEO (level 2),
/// five managers under the first head (level 3), seven staff under the first manager (level 4): 17 people, every
/// band of at least five. D2 has six and Small three, both under the first manager (level 4).
/// Monday: the CEO posts A; s1 and s2 comment on it, then the CEO answers, then s3–s6 comment; s7 reacts to A; s1
/// posts B in D; s1 and s2 (influencers of D) write a guide each, and s2 has left the helpful-colleagues list. The
/// page is read on Wednesday, when every comment's working day is over.
/// By hand: posts 4 (2 micro, 2 guides), comments 7, reactions 1; 6 of 7 comments two or more levels apart (86 %);
/// 6 staff comments under leadership's post, 2 answered by leadership within the working day (33 %); active people
/// the CEO and s1–s7, 8 of 26 (31 %), in D 8 of 17; D2 and Small are too small to name and count as "others".
public sealed class DashboardTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly TestClock _clock = new(MondayMorning());
    private BlogAppFactory _app = null!;
    private string _week = "";
    private string _d = "", _d2 = "", _small = "";
    private HttpClient _ceo = null!, _influencer = null!, _smallInfluencer = null!, _staff = null!;
    private TestPerson _s1 = null!, _s2 = null!;

    [OneTimeSetUp]
    public async Task CountAWeek()
    {
        _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));
        _week = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_clock.GetUtcNow(), Berlin).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _d = TestData.Unique("Vertrieb");
        _d2 = TestData.Unique("Technik");
        _small = TestData.Unique("Kleinteam");
        var d = await TestData.DepartmentAsync(_app, _d);
        var d2 = await TestData.DepartmentAsync(_app, _d2);
        var small = await TestData.DepartmentAsync(_app, _small);
        var ceo = await TestData.PersonAsync(_app, Roles.Executive, d);
        var heads = new List<TestPerson>();
        for (var i = 0; i < 4; i++)
        {
            heads.Add(await TestData.PersonAsync(_app, departmentId: d, managerId: ceo.Id));
        }

        var managers = new List<TestPerson>();
        for (var i = 0; i < 5; i++)
        {
            managers.Add(await TestData.PersonAsync(_app, departmentId: d, managerId: heads[0].Id));
        }

        var staff = new List<TestPerson>();
        for (var i = 0; i < 7; i++)
        {
            staff.Add(await TestData.PersonAsync(_app, departmentId: d, managerId: managers[0].Id, name: TestData.Unique($"S{i + 1}")));
        }

        for (var i = 0; i < 6; i++)
        {
            await TestData.PersonAsync(_app, departmentId: d2, managerId: managers[0].Id);
        }

        var smallPeople = new List<TestPerson>();
        for (var i = 0; i < 3; i++)
        {
            smallPeople.Add(await TestData.PersonAsync(_app, departmentId: small, managerId: managers[0].Id));
        }

        (_s1, _s2) = (staff[0], staff[1]);
        await OrgTree.AppointAsync(_app, d, _s1.Id);
        await OrgTree.AppointAsync(_app, d, _s2.Id);
        await OrgTree.AppointAsync(_app, small, smallPeople[0].Id);
        _ceo = await TestData.SignedInClientAsync(_app, ceo);
        _influencer = await TestData.SignedInClientAsync(_app, _s1);
        _smallInfluencer = await TestData.SignedInClientAsync(_app, smallPeople[0]);
        var clients = new List<HttpClient>();
        foreach (var person in staff)
        {
            clients.Add(await TestData.SignedInClientAsync(_app, person));
        }

        _staff = clients[2];
        var optOut = await TestData.PostFormAsync(clients[1], "/people/me/edit", "/people/me/edit", new() { ["bio"] = "", ["phone"] = "", ["location"] = "", ["helpfulListed"] = "false" });
        Assert.That(optOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "s2 leaves the helpful-colleagues list");

        var a = await TestData.MicroAsync(_ceo, TestData.Unique("Unsere Ziele") + " #Messe");
        for (var i = 0; i < 6; i++)
        {
            if (i == 2)
            {
                Tick();
                await TestData.CommentAsync(_ceo, a, "Danke für die Fragen!");
            }

            Tick();
            await TestData.CommentAsync(clients[i], a, $"Frage {i + 1}");
        }

        Tick();
        await TestData.PostFormAsync(clients[6], $"/posts/{a}", $"/posts/{a}/reactions", new() { ["kind"] = "like", ["state"] = "true" });
        await TestData.MicroAsync(clients[0], TestData.Unique("Aus dem Vertrieb") + " #Messe #Angebote", d);
        await Support.Guides.WriteAsync(clients[0], d, TestData.Unique("Angebote schreiben"));
        await Support.Guides.WriteAsync(clients[1], d, TestData.Unique("Reisekosten"));

        _clock.Advance(TimeSpan.FromDays(2));
        await _app.Service<ActivityRollup>().RunAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Every_figure_of_the_week_matches_the_hand_count()
    {
        var page = await DashboardAsync(_ceo, $"period=week&at={_week}");

        Assert.Multiple(() =>
        {
            Assert.That(Kpi(page, "posts"), Is.EqualTo("4"));
            Assert.That(Kpi(page, "comments"), Is.EqualTo("7"));
            Assert.That(Kpi(page, "reactions"), Is.EqualTo("1"));
            Assert.That(Kpi(page, "far"), Is.EqualTo("86 %"));
            Assert.That(Kpi(page, "staff-comments"), Is.EqualTo("6"));
            Assert.That(Kpi(page, "answered"), Is.EqualTo("33 %"));
            Assert.That(Kpi(page, "active"), Is.EqualTo("31 %"));
        });
        var active = Table(page, "active");
        Assert.That(active, Does.Contain($"{_d}|47,1").And.Contain("Weitere Abteilungen|0,0"), "D: 8 of 17; others: D2 and Small, 9 people, none active");
        var matrix = Table(page, "dialogue");
        Assert.That(matrix, Does.Contain("Mitarbeitende|6|0|0").And.Contain("Leitung|1|0|0"), "staff wrote 6 under leadership's post; the CEO one");
    }

    /// Topics come from the rollup's days, cut to the viewer's scope: the CEO counts the company-wide post too.
    [Test]
    public async Task Trending_topics_count_the_periods_posts_within_the_viewers_scope()
    {
        static string Topics(AngleSharp.Html.Dom.IHtmlDocument page) => string.Join(";", page.QuerySelectorAll("[aria-labelledby=h-topics] tbody tr")
            .Select(r => string.Join("|", r.Children.Take(2).Select(c => c.TextContent.Trim()))));

        Assert.That(Topics(await DashboardAsync(_ceo, $"period=week&at={_week}")), Is.EqualTo("#Messe|2;#Angebote|1"));
        Assert.That(Topics(await DashboardAsync(_influencer, $"period=week&at={_week}")), Is.EqualTo("#Angebote|1;#Messe|1"));
    }

    /// Days counted before the day counts knew topics are counted again, once, by the next round.
    [Test]
    public async Task Days_counted_under_an_older_definition_are_counted_again_once()
    {
        await using (var scope = await _app.Service<Database>().BeginWriteAsync())
        {
            await scope.Connection.ExecuteAsync("DELETE FROM activity_days WHERE metric LIKE 'topic:%'; UPDATE activity_watermark SET days_version = 0", transaction: scope.Transaction);
            await scope.CommitAsync();
        }

        await _app.Service<ActivityRollup>().RunAsync(CancellationToken.None);

        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT days_version FROM activity_watermark"), Is.EqualTo(ActivityRollup.DaysVersion));
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT SUM(count) FROM activity_days WHERE metric LIKE 'topic:%'"), Is.EqualTo(3));
    }

    [Test]
    public async Task Departments_under_five_are_never_named_and_the_total_gives_nothing_away()
    {
        var text = (await DashboardAsync(_ceo, $"period=week&at={_week}")).QuerySelector("[data-analytics]")!.TextContent;

        Assert.That(text, Does.Not.Contain(_small).And.Not.Contain(_d2), "Small (3) is merged, and D2 (6) joins it until 'others' has five");
    }

    [Test]
    public async Task A_period_one_day_shorter_shows_the_same_figures()
    {
        var monday = DateOnly.ParseExact(_week, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var whole = await DashboardAsync(_ceo, $"period=custom&from={_week}&to={monday.AddDays(6):yyyy-MM-dd}");
        var shorter = await DashboardAsync(_ceo, $"period=custom&from={_week}&to={monday.AddDays(5):yyyy-MM-dd}");

        Assert.That(shorter.QuerySelector("[data-analytics]")!.InnerHtml, Is.EqualTo(whole.QuerySelector("[data-analytics]")!.InnerHtml), "a custom range counts whole weeks");
        Assert.That(Kpi(whole, "comments"), Is.EqualTo("7"));
    }

    [Test]
    public async Task Helpful_colleagues_are_named_unless_they_opted_out()
    {
        var helpful = (await DashboardAsync(_ceo, $"period=week&at={_week}")).QuerySelectorAll(".helpful-list a").Select(a => a.TextContent).ToList();

        Assert.That(helpful, Does.Contain(_s1.Name), "s1 wrote a guide");
        Assert.That(helpful, Does.Not.Contain(_s2.Name), "s2 wrote one too but left the list");
    }

    [Test]
    public async Task An_influencer_sees_only_their_departments_and_a_small_one_shows_no_figure()
    {
        var own = (await DashboardAsync(_influencer, $"period=week&at={_week}")).QuerySelector("[data-analytics]")!;
        Assert.That(own.TextContent, Does.Contain(_d).And.Not.Contain("Weitere Abteilungen").And.Not.Contain(_small));
        Assert.That(own.QuerySelector("[data-kpi=staff-comments]"), Is.Null, "leadership's answering is a company figure");

        var small = (await DashboardAsync(_smallInfluencer, $"period=week&at={_week}")).QuerySelector("[data-analytics]")!;
        Assert.That(small.QuerySelector("[data-kpi=active]"), Is.Null, "no total for a department of three");
        Assert.That(small.TextContent, Does.Contain("weniger als fünf Personen zeigen keine Zahl"));
    }

    [Test]
    public async Task Staff_get_403_for_the_page_and_its_downloads()
    {
        Assert.That((await _staff.GetAsync("/analytics")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _staff.GetAsync($"/analytics/csv?chart=content&period=week&at={_week}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_csv_holds_the_chart_table()
    {
        var response = await _ceo.GetAsync($"/analytics/csv?chart=content&period=week&at={_week}");

        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var csv = await response.Content.ReadAsStringAsync();
        Assert.That(csv, Does.StartWith("\uFEFFWoche,Artikel,Kurzbeiträge,Anleitungen,Kommentare,Reaktionen\r\n").Or.StartWith("Woche,Artikel"));
        Assert.That(csv, Does.Contain(",0,2,2,7,1\r\n"), "this week's row");
        Assert.That((await _ceo.GetAsync($"/analytics/csv?chart=nothing&period=week&at={_week}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("period=year")]
    [TestCase("period=week&at=2026-02-30")]
    [TestCase("period=week&at=0001-01-01")]
    [TestCase("period=custom&from=2026-05-10&to=2026-05-01")]
    [TestCase("period=custom&from=2024-01-01&to=2026-01-01")]
    [TestCase("period=custom&from=2026-05-01")]
    [TestCase("period=month&at=%3Cscript%3E")]
    public async Task A_bad_period_is_a_clear_400_with_the_current_month(string query)
    {
        var response = await _ceo.GetAsync("/analytics?" + query);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector(".form-error[role=alert]")!.TextContent, Does.Contain("Stattdessen siehst du den laufenden Monat"));
        Assert.That((await _ceo.GetAsync("/analytics/csv?chart=content&" + query)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string? Kpi(IHtmlDocument page, string name) => page.QuerySelector($"[data-kpi={name}]")?.TextContent.Trim();

    /// A chart's data table as "cell|cell|…" lines.
    private static string Table(IHtmlDocument page, string chart) =>
        string.Join("\n", page.QuerySelectorAll($"[data-chart={chart}] table tr").Select(r => string.Join("|", r.Children.Select(c => c.TextContent.Trim()))));

    private async Task<IHtmlDocument> DashboardAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/analytics?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await TestData.ParseAsync(response);
    }

    private void Tick() => _clock.Advance(TimeSpan.FromMinutes(1));

    private static DateTimeOffset MondayMorning()
    {
        // A Monday 09:00 in Berlin, a few weeks ahead, in the middle of a month.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21);
        while (day.DayOfWeek != DayOfWeek.Monday || day.Day > 20)
        {
            day = day.AddDays(1);
        }

        var local = day.ToDateTime(new TimeOnly(9, 0));
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local)).ToUniversalTime();
    }
}
