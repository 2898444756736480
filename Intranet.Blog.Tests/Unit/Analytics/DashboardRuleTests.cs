using Intranet.Blog.Features.Analytics;

namespace Intranet.Blog.Tests.Unit.Analytics;

/// The dashboard's smallest-group rules, its CSV and its periods, without a database.
public sealed class DashboardRuleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Test]
    public void Small_departments_count_together_and_the_smallest_named_joins_them_until_they_are_five()
    {
        var groups = SmallGroups.Departments(new Dictionary<long, int> { [1] = 20, [2] = 6, [3] = 3, [0] = 1 });

        Assert.That(groups.Select(g => g.Id), Is.EqualTo(new long?[] { 1, null }));
        Assert.That(groups[1].Members, Is.EquivalentTo(new long[] { 2, 3, 0 }));
        Assert.That(groups[1].Size, Is.EqualTo(10));
    }

    [Test]
    public void Departments_all_at_least_five_are_all_named_and_none_under_five_in_all_shows_nothing()
    {
        Assert.That(SmallGroups.Departments(new Dictionary<long, int> { [1] = 5, [2] = 7 }).Select(g => g.Id), Is.EqualTo(new long?[] { 2, 1 }));
        Assert.That(SmallGroups.Departments(new Dictionary<long, int> { [1] = 2, [2] = 2 }), Is.Empty);
    }

    [TestCase(new[] { 5, 5, 5 }, "0-0,1-1,2-2")]
    [TestCase(new[] { 1, 5, 20 }, "0-1,2-2")]
    [TestCase(new[] { 6, 2, 20 }, "0-0,1-2")]
    [TestCase(new[] { 6, 20, 2 }, "0-0,1-2")]
    [TestCase(new[] { 1, 1, 1 }, "")]
    public void A_band_under_five_merges_with_the_next(int[] sizes, string expected) =>
        Assert.That(string.Join(",", SmallGroups.Bands(sizes).Select(b => $"{b.First}-{b.Last}")), Is.EqualTo(expected));

    [Test]
    public void The_csv_quotes_what_needs_it_and_defuses_formulas()
    {
        var chart = new Chart("x", "X", ChartKind.Bar, "Abteilung", ["=HYPERLINK(\"http://x\")", "Vertrieb, Süd", "-Team", "Ops"],
            [new("Aktiv (%)", [12.5, null, 3, 0])], true);

        var csv = chart.Csv();

        Assert.That(csv, Is.EqualTo("Abteilung,Aktiv (%)\r\n\"'=HYPERLINK(\"\"http://x\"\")\",12.5\r\n\"Vertrieb, Süd\",\r\n'-Team,3.0\r\nOps,0.0\r\n"));
    }

    [Test]
    public void A_custom_range_is_widened_to_whole_weeks_and_its_previous_period_is_as_long()
    {
        var (period, error) = DashboardPeriod.Parse("custom", null, "2026-03-25", "2026-04-02", DateTimeOffset.Parse("2026-05-01T10:00Z"), Berlin);

        Assert.That(error, Is.Null);
        Assert.That((period.Start, period.End), Is.EqualTo((new DateOnly(2026, 3, 23), new DateOnly(2026, 4, 6))), "Monday 23 March to Sunday 5 April");
        Assert.That((period.Previous.Start, period.Previous.End), Is.EqualTo((new DateOnly(2026, 3, 9), new DateOnly(2026, 3, 23))));
        Assert.That(period.Weeks, Has.Count.EqualTo(2));
        Assert.That(period.StartsAt, Is.EqualTo(DateTimeOffset.Parse("2026-03-22T23:00Z")), "winter time");
        Assert.That(period.EndsAt, Is.EqualTo(DateTimeOffset.Parse("2026-04-05T22:00Z")), "summer time: the week across the change is 167 hours");
    }

    [Test]
    public void A_month_and_a_quarter_step_back_by_their_own_length()
    {
        var (month, _) = DashboardPeriod.Parse("month", "2026-03-31", null, null, DateTimeOffset.UtcNow, Berlin);
        var (quarter, _) = DashboardPeriod.Parse("quarter", "2026-05-20", null, null, DateTimeOffset.UtcNow, Berlin);

        Assert.That((month.Start, month.End, month.Previous.Start), Is.EqualTo((new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1), new DateOnly(2026, 2, 1))));
        Assert.That((quarter.Start, quarter.End, quarter.Previous.Start, quarter.Next.Start), Is.EqualTo((new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1), new DateOnly(2026, 1, 1), new DateOnly(2026, 7, 1))));
        Assert.That(month.TrendWeeksList, Has.Count.GreaterThanOrEqualTo(DashboardPeriod.TrendWeeks));
    }
}
