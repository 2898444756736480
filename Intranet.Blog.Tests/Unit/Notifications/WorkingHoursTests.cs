using Intranet.Blog.Features.Notifications;

namespace Intranet.Blog.Tests.Unit.Notifications;

public sealed class WorkingHoursTests
{
    private static readonly NotificationSettings Berlin = NotificationSettings.Default;

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Test]
    public void Inside_working_hours_a_notification_shows_at_once()
    {
        // Tuesday 3 March 2026, 10:15 in Berlin (CET, UTC+1).
        var now = Utc(2026, 3, 3, 9, 15);
        Assert.That(WorkingHours.NextVisible(now, Berlin), Is.EqualTo(now));
    }

    [Test]
    public void In_the_evening_it_waits_for_the_next_morning()
    {
        // Tuesday 22:00 Berlin → Wednesday 08:00 Berlin = 07:00 UTC.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 21), Berlin), Is.EqualTo(Utc(2026, 3, 4, 7)));
    }

    [Test]
    public void Early_in_the_morning_it_waits_for_the_same_day_start()
    {
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 5), Berlin), Is.EqualTo(Utc(2026, 3, 3, 7)));
    }

    [Test]
    public void The_end_of_the_day_is_already_quiet()
    {
        // 18:00 sharp Berlin on a Tuesday.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 17), Berlin), Is.EqualTo(Utc(2026, 3, 4, 7)));
    }

    [Test]
    public void On_Friday_evening_it_waits_until_Monday_morning()
    {
        // Friday 6 March 2026, 19:30 Berlin → Monday 9 March 08:00 Berlin.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 6, 18, 30), Berlin), Is.EqualTo(Utc(2026, 3, 9, 7)));
    }

    [Test]
    public void At_the_weekend_it_waits_until_Monday_morning()
    {
        // Sunday 8 March 2026, noon Berlin.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 8, 11), Berlin), Is.EqualTo(Utc(2026, 3, 9, 7)));
    }

    [Test]
    public void Across_the_spring_clock_change_the_morning_is_local_summer_time()
    {
        // Friday 27 March 2026 evening (CET); clocks go forward on Sunday 29 March; Monday 08:00 CEST = 06:00 UTC.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 27, 20), Berlin), Is.EqualTo(Utc(2026, 3, 30, 6)));
    }

    [Test]
    public void Across_the_autumn_clock_change_the_morning_is_local_winter_time()
    {
        // Friday 23 October 2026 evening (CEST); clocks go back on Sunday 25 October; Monday 08:00 CET = 07:00 UTC.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 10, 23, 19), Berlin), Is.EqualTo(Utc(2026, 10, 26, 7)));
    }

    [Test]
    public void Another_time_zone_uses_its_own_wall_clock()
    {
        var newYork = Berlin with { TimeZone = "America/New_York" };
        // Tuesday 3 March 2026 15:00 UTC = 10:00 in New York (EST): inside.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 15), newYork), Is.EqualTo(Utc(2026, 3, 3, 15)));
        // 09:00 UTC = 04:00 New York: waits until 08:00 EST = 13:00 UTC, though Berlin would be inside hours.
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 9), newYork), Is.EqualTo(Utc(2026, 3, 3, 13)));
    }

    [Test]
    public void Own_working_days_and_hours_are_respected()
    {
        // Only Saturdays, 10:00–14:00 Berlin; asked on Tuesday → Saturday 7 March 10:00 Berlin = 09:00 UTC.
        var saturdays = Berlin with { WorkDays = NotificationSettings.DayBit(DayOfWeek.Saturday), WorkStart = 600, WorkEnd = 840 };
        Assert.That(WorkingHours.NextVisible(Utc(2026, 3, 3, 9), saturdays), Is.EqualTo(Utc(2026, 3, 7, 9)));
    }

    [Test]
    public void Without_working_days_nothing_waits()
    {
        var now = Utc(2026, 3, 8, 2);
        Assert.That(WorkingHours.NextVisible(now, Berlin with { WorkDays = 0 }), Is.EqualTo(now));
    }

    [Test]
    public void Day_bits_run_from_Monday_to_Sunday()
    {
        Assert.That(NotificationSettings.DayBit(DayOfWeek.Monday), Is.EqualTo(1));
        Assert.That(NotificationSettings.DayBit(DayOfWeek.Friday), Is.EqualTo(16));
        Assert.That(NotificationSettings.DayBit(DayOfWeek.Sunday), Is.EqualTo(64));
    }
}
