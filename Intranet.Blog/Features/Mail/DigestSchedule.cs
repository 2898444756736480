using Intranet.Blog.Features.Notifications;

namespace Intranet.Blog.Features.Mail;

/// When a person's digest is due, in their own time zone: daily at the start of each of their working days, weekly on
/// Mondays at the start of their working hours. Daylight saving moves it with the wall clock.
public static class DigestSchedule
{
    /// The latest due time at or before now (null when off, or none within a week, as for daily without working days).
    public static DateTimeOffset? LastDue(DateTimeOffset now, string every, NotificationSettings hours) =>
        DueTimes(now, every, hours, backwards: true).FirstOrDefault(t => t <= now) is var t && t != default ? t : null;

    /// The first due time after now.
    public static DateTimeOffset? NextDue(DateTimeOffset now, string every, NotificationSettings hours) =>
        DueTimes(now, every, hours, backwards: false).FirstOrDefault(t => t > now) is var t && t != default ? t : null;

    private static IEnumerable<DateTimeOffset> DueTimes(DateTimeOffset now, string every, NotificationSettings hours, bool backwards)
    {
        if (every == DigestEvery.Off)
        {
            yield break;
        }

        var zone = WorkingHours.Zone(hours.TimeZone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        for (var i = 0; i <= 8; i++)
        {
            var day = today.AddDays(backwards ? -i : i);
            var due = every == DigestEvery.Weekly
                ? day.DayOfWeek == DayOfWeek.Monday
                : hours.WorkDays == 0 || (hours.WorkDays & NotificationSettings.DayBit(day.DayOfWeek)) != 0;
            if (due)
            {
                yield return WorkingHours.ToUtc(day.AddMinutes(Math.Min(hours.WorkStart, 24 * 60 - 1)), zone);
            }
        }
    }
}
