using System.Globalization;

namespace Intranet.Blog.Features.Analytics;

/// The period the dashboard shows: a week, month or quarter, or a custom range of whole weeks (distinct counts of
/// people exist per week, month and quarter only, so a custom range is widened to the weeks it touches and says so).
public sealed record DashboardPeriod(string Kind, DateOnly Start, DateOnly End, TimeZoneInfo Zone)
{
    public const string Custom = "custom";
    public const int MostWeeks = 53;
    public const int TrendWeeks = 8;

    public static readonly string[] Kinds = [Period.Week, Period.Month, Period.Quarter, Custom];

    public DateTimeOffset StartsAt => Period.StartOf(Start, Zone);
    public DateTimeOffset EndsAt => Period.StartOf(End, Zone);

    /// The Mondays of the weeks in it (a month or quarter: the weeks it touches).
    public IReadOnlyList<DateOnly> Weeks => [.. MondaysBetween(Monday(Start), End)];

    /// The weeks a trend line shows: the period's, and at least the TrendWeeks before its end.
    public IReadOnlyList<DateOnly> TrendWeeksList
    {
        get
        {
            var first = Monday(Start);
            var last = Monday(End.AddDays(-1));
            var earliest = last.AddDays(-7 * (TrendWeeks - 1));
            return [.. MondaysBetween(first < earliest ? first : earliest, End)];
        }
    }

    /// The period just before, of the same kind and length.
    public DashboardPeriod Previous => Kind switch
    {
        Period.Week => this with { Start = Start.AddDays(-7), End = Start },
        Period.Month => this with { Start = Start.AddMonths(-1), End = Start },
        Period.Quarter => this with { Start = Start.AddMonths(-3), End = Start },
        _ => this with { Start = Start.AddDays(-(End.DayNumber - Start.DayNumber)), End = Start },
    };

    public DashboardPeriod Next => Kind switch
    {
        Period.Week => this with { Start = End, End = End.AddDays(7) },
        Period.Month => this with { Start = End, End = End.AddMonths(1) },
        Period.Quarter => this with { Start = End, End = End.AddMonths(3) },
        _ => this with { Start = End, End = End.AddDays(End.DayNumber - Start.DayNumber) },
    };

    public string StartKey => Key(Start);
    public string EndKey => Key(End);

    /// The query string that shows this period.
    public string Query => Kind == Custom
        ? $"period=custom&from={Key(Start)}&to={Key(End.AddDays(-1))}"
        : $"period={Kind}&at={Key(Start)}";

    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static IEnumerable<DateOnly> MondaysBetween(DateOnly first, DateOnly end)
    {
        for (var week = Monday(first); week < end; week = week.AddDays(7))
        {
            yield return week;
        }
    }

    /// Reads the picker's fields. Unknown kinds and unreadable dates are errors (the dashboard then shows the current
    /// month with the message); a custom range is widened to whole weeks and at most MostWeeks long.
    public static (DashboardPeriod Period, string? Error) Parse(string? kind, string? at, string? from, string? to, DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = Period.DayOf(now, zone);
        DashboardPeriod Of(string k, DateOnly day)
        {
            var p = Period.Containing(k, Period.StartOf(day, zone), zone);
            return new DashboardPeriod(k, p.StartsOn, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.EndsAt, zone).DateTime), zone);
        }

        kind = string.IsNullOrEmpty(kind) ? Period.Month : kind;
        if (!Kinds.Contains(kind))
        {
            return (Of(Period.Month, today), "Choose a week, a month, a quarter or a custom range.");
        }

        if (kind != Custom)
        {
            if (string.IsNullOrEmpty(at))
            {
                return (Of(kind, today), null);
            }

            return Date(at) is { } day ? (Of(kind, day), null) : (Of(kind, today), "The date is not a date (yyyy-mm-dd).");
        }

        if (Date(from) is not { } first || Date(to) is not { } last)
        {
            return (Of(Period.Month, today), "A custom range needs a first and a last day (yyyy-mm-dd).");
        }

        if (last < first)
        {
            return (Of(Period.Month, today), "The last day is before the first.");
        }

        var start = Monday(first);
        var end = Monday(last).AddDays(7);
        if (end.DayNumber - start.DayNumber > 7 * MostWeeks)
        {
            return (Of(Period.Month, today), "A custom range can be at most a year long.");
        }

        return (new DashboardPeriod(Custom, start, end, zone), null);
    }

    private static DateOnly? Date(string? text) =>
        text is { Length: 10 } && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
        && day.Year is >= 2000 and <= 2200 ? day : null;
}
