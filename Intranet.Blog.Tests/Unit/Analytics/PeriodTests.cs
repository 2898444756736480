using Intranet.Blog.Features.Analytics;

namespace Intranet.Blog.Tests.Unit.Analytics;

public sealed class PeriodTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Test]
    public void Sunday_late_evening_in_Berlin_belongs_to_the_week_that_began_on_Monday()
    {
        // 2026-03-01 is a Sunday; 23:30 in Berlin is 22:30 UTC.
        var week = Period.Containing(Period.Week, new DateTimeOffset(2026, 3, 1, 22, 30, 0, TimeSpan.Zero), Berlin);

        Assert.That(week.Key, Is.EqualTo("2026-02-23"));
        Assert.That(week.StartsAt, Is.EqualTo(new DateTimeOffset(2026, 2, 22, 23, 0, 0, TimeSpan.Zero)));
        Assert.That(week.EndsAt, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void The_week_of_the_clock_change_is_one_hour_shorter()
    {
        var week = Period.Containing(Period.Week, new DateTimeOffset(2026, 3, 26, 12, 0, 0, TimeSpan.Zero), Berlin);

        Assert.That(week.Key, Is.EqualTo("2026-03-23"));
        Assert.That(week.EndsAt - week.StartsAt, Is.EqualTo(TimeSpan.FromHours(167)));
    }

    [Test]
    public void New_years_night_in_Berlin_is_already_the_new_month_and_quarter()
    {
        var at = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero);

        Assert.That(Period.Containing(Period.Month, at, Berlin).Key, Is.EqualTo("2027-01-01"));
        Assert.That(Period.Containing(Period.Quarter, at, Berlin).Key, Is.EqualTo("2027-01-01"));
        Assert.That(Period.Containing(Period.Quarter, at.AddHours(-2), Berlin).Key, Is.EqualTo("2026-10-01"));
        Assert.That(Period.Containing(Period.Quarter, new DateTimeOffset(2026, 5, 15, 0, 0, 0, TimeSpan.Zero), Berlin).EndsAt,
            Is.EqualTo(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero)));
    }
}
