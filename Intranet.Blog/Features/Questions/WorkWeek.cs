using Intranet.Blog.Features.Notifications;

namespace Intranet.Blog.Features.Questions;

/// Working hours in one time zone: the days (Monday = 1 … Sunday = 64, as notification settings store them) and the
/// minutes of the day work starts and ends. The organisation has one (Intranet:TimeZone and friends); a department
/// may have its own.
public sealed record WorkWeek(TimeZoneInfo Zone, int Days, int Start, int End)
{
    /// No day would ever end otherwise: a week without working hours counts wall-clock time instead.
    private bool HasHours => Days != 0 && Start < End;

    /// How many working hours lie between two moments. Each working day's window is turned into UTC from its own
    /// wall-clock times, so a daylight-saving change moves the window with the clock instead of shifting it an hour.
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (!HasHours)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var last = TimeZoneInfo.ConvertTime(to, Zone).Date;
        for (var day = TimeZoneInfo.ConvertTime(from, Zone).Date; day <= last; day = day.AddDays(1))
        {
            if (Window(day) is not ({ } start, { } end))
            {
                continue;
            }

            var a = start > from ? start : from;
            var b = end < to ? end : to;
            if (b > a)
            {
                total += b - a;
            }
        }

        return total;
    }

    /// The moment `hours` working hours after `from`: a question asked on Friday at 17:30 with a four-hour target is
    /// due on Monday at 11:30 (Monday to Friday, 8 to 18).
    public DateTimeOffset After(DateTimeOffset from, TimeSpan hours)
    {
        if (!HasHours)
        {
            return from + hours;
        }

        var left = hours;
        // Ten years of days is far beyond any target the form allows; the bound only keeps a bad row from looping.
        for (var (day, n) = (TimeZoneInfo.ConvertTime(from, Zone).Date, 0); n < 3660; day = day.AddDays(1), n++)
        {
            if (Window(day) is not ({ } start, { } end) || end <= from)
            {
                continue;
            }

            var a = start > from ? start : from;
            if (end - a >= left)
            {
                return a + left;
            }

            left -= end - a;
        }

        return from + hours;
    }

    /// A working day's window in UTC, or null on a day off.
    private (DateTimeOffset Start, DateTimeOffset End)? Window(DateTime day) =>
        (Days & NotificationSettings.DayBit(day.DayOfWeek)) == 0
            ? null
            : (WorkingHours.ToUtc(day.AddMinutes(Start), Zone), WorkingHours.ToUtc(day.AddMinutes(End), Zone));
}
