using System.Globalization;

namespace Intranet.Blog.Features.Analytics;

/// A week (from Monday), month or quarter in the organisation's time zone: its name, first day and end instant.
public sealed record Period(string Kind, DateOnly StartsOn, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
{
    public const string Week = "week";
    public const string Month = "month";
    public const string Quarter = "quarter";

    public static readonly string[] Kinds = [Week, Month, Quarter];

    public string Key => StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// The period of a kind that contains an instant, with its bounds at local midnight (across daylight-saving changes).
    public static Period Containing(string kind, DateTimeOffset at, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var (start, end) = kind switch
        {
            Week => (day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), day.AddDays(-(((int)day.DayOfWeek + 6) % 7) + 7)),
            Month => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, 1).AddMonths(1)),
            Quarter => (new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1), new DateOnly(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1).AddMonths(3)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "week, month or quarter"),
        };
        return new Period(kind, start, Midnight(start, zone), Midnight(end, zone));
    }

    /// When a local day begins, as an instant.
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => Midnight(day, zone);

    public static DateOnly DayOf(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        // A midnight skipped by a clock change does not exist: the day starts at the first instant that does.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
