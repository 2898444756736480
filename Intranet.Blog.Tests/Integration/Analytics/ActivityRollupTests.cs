using Dapper;
using Intranet.Blog.Features.Analytics;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Analytics;

/// Active people per department and week, month and quarter, counted by hand: a department of seven (an author and
/// p1–p6). Week 1: the author posts A, p1 opens it, p2 opens it and comments, p3 opens it and reacts. Week 2: the author posts B, p1 opens it,
/// p4 opens B. Both weeks lie in one month and quarter. The read retention (7 days) then deletes A's reads, and the
/// month's distinct count stays: it was stored when the rollup ran.
public sealed class ActivityRollupTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private readonly TestClock _clock = new(FirstMondayMorning());
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock),
        settings: new Dictionary<string, string> { ["Intranet:ReadRetentionDays"] = "7" });

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    /// The first round reads the whole read retention at start-up, while people already use the app: days without
    /// activity write nothing, not even the watermark, so the round cannot pass for a write of someone's request.
    [Test]
    public async Task A_round_over_days_without_activity_writes_nothing()
    {
        await TestData.PersonAsync(_app);
        var writes = await DatabaseWrites.InstallAsync(_app);

        await RunAsync();
        _clock.Advance(TimeSpan.FromDays(3));
        await RunAsync();

        Assert.That(await writes.TakeAsync(), Is.Empty);
    }

    [Test]
    public async Task Distinct_people_per_week_month_and_quarter_are_stored_and_survive_the_read_retention()
    {
        var week1 = Period.Containing(Period.Week, _clock.GetUtcNow(), Berlin);
        var month = Period.Containing(Period.Month, _clock.GetUtcNow(), Berlin);
        var quarter = Period.Containing(Period.Quarter, _clock.GetUtcNow(), Berlin);
        var department = await TestData.DepartmentAsync(_app);
        var author = await Client(await TestData.PersonAsync(_app, Roles.Executive, department));
        var p = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            p.Add(await Client(await TestData.PersonAsync(_app, departmentId: department)));
        }

        var a = await TestData.MicroAsync(author, TestData.Unique("A"));
        await p[0].GetAsync($"/posts/{a}");
        await TestData.CommentAsync(p[1], a, "Gut");
        await TestData.PostFormAsync(p[2], $"/posts/{a}", $"/posts/{a}/reactions", new() { ["kind"] = "like", ["state"] = "true" });
        await RunAsync();

        Assert.That(await CountsAsync(week1, department), Is.EqualTo((7, 4, 3)), "week 1: accounts, active, readers");

        _clock.Advance(TimeSpan.FromDays(7));
        var week2 = Period.Containing(Period.Week, _clock.GetUtcNow(), Berlin);
        var b = await TestData.MicroAsync(author, TestData.Unique("B"));
        await p[0].GetAsync($"/posts/{b}");
        await p[3].GetAsync($"/posts/{b}");
        await RunAsync();

        Assert.That(await CountsAsync(week2, department), Is.EqualTo((7, 3, 2)), "week 2: the author, p1, p4");
        Assert.That(await CountsAsync(month, department), Is.EqualTo((7, 5, 4)), "the month: author, p1–p4; readers p1–p4");
        Assert.That(await CountsAsync(quarter, department), Is.EqualTo((7, 5, 4)));
        Assert.That(await CountsAsync(week1, department), Is.EqualTo((7, 4, 3)), "week 1 keeps its count");
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM activity_marks WHERE period = 'week' AND starts_on = @key", new { key = week1.Key }), Is.Zero,
            "who was active in a week that is over is forgotten");

        _clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await _app.Service<ReadRetention>().FoldDueAsync(CancellationToken.None), Is.GreaterThanOrEqualTo(1));
        Assert.That(await ScalarAsync("SELECT COUNT(*) FROM post_opens WHERE post_id = @a", new { a }), Is.Zero, "A's reads are gone");
        await RunAsync();

        Assert.That(await CountsAsync(month, department), Is.EqualTo((7, 5, 4)), "the month's count does not shrink with the reads it came from");
    }

    private static DateTimeOffset FirstMondayMorning()
    {
        // A Monday 10:00 in Berlin in the first half of a month, so two weeks fall into one month and quarter.
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        while (day.DayOfWeek != DayOfWeek.Monday || day.Day > 14)
        {
            day = day.AddDays(1);
        }

        var local = day.ToDateTime(new TimeOnly(10, 0));
        return new DateTimeOffset(local, Berlin.GetUtcOffset(local)).ToUniversalTime();
    }

    private async Task<HttpClient> Client(TestPerson person) => await TestData.SignedInClientAsync(_app, person);

    /// A round reads up to its own "now", exclusive; the activity of this very instant is the next round's.
    private Task RunAsync()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        return _app.Service<ActivityRollup>().RunAsync(CancellationToken.None);
    }

    private async Task<(int Accounts, int Active, int Readers)> CountsAsync(Period period, long department)
    {
        await using var connection = await _app.Service<Database>().OpenAsync();
        return await connection.QuerySingleAsync<(int, int, int)>(
            "SELECT accounts, active, readers FROM activity_rollups WHERE period = @kind AND starts_on = @key AND department_id = @department",
            new { kind = period.Kind, key = period.Key, department });
    }

    private Task<long> ScalarAsync(string sql, object args) => TestData.ScalarAsync<long>(_app, sql, args);
}
