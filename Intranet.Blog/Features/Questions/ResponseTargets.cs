using Intranet.Blog.Features.Notifications;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Questions;

/// What a department promises: a first answer within Target working hours of its week.
public sealed record ResponseTarget(TimeSpan Target, WorkWeek Week, bool OwnHours)
{
    public static readonly TimeSpan DefaultTarget = TimeSpan.FromHours(4);

    /// When a question asked at askedAt is due for its first answer, and when half of that time is gone.
    public DateTimeOffset DueAt(DateTimeOffset askedAt) => Week.After(askedAt, Target);

    public DateTimeOffset HalfAt(DateTimeOffset askedAt) => Week.After(askedAt, Target / 2);
}

/// Turns the organisation's settings and a department's own row into its target and working week: the one place
/// those defaults are applied.
public sealed class ResponseTargets(IOptions<IntranetOptions> options)
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public WorkWeek Organisation { get; } = OrganisationWeek(options.Value);

    public ResponseTarget For(ResponseTargetRow? row)
    {
        if (row is null)
        {
            return new ResponseTarget(ResponseTarget.DefaultTarget, Organisation, false);
        }

        var own = row.TimeZone is not null || row.WorkDays is not null;
        var week = new WorkWeek(
            row.TimeZone is { } zone ? WorkingHours.Zone(zone) : Organisation.Zone,
            row.WorkDays ?? Organisation.Days, row.WorkStart ?? Organisation.Start, row.WorkEnd ?? Organisation.End);
        return new ResponseTarget(TimeSpan.FromMinutes(row.TargetMinutes), week, own);
    }

    /// IntranetOptions validated the values at start-up (known zone, day names, HH:mm, start before end).
    public static WorkWeek OrganisationWeek(IntranetOptions o)
    {
        var days = o.WorkDays.Split(',').Sum(d => 1 << Array.IndexOf(DayNames, d));
        return new WorkWeek(WorkingHours.Zone(o.TimeZone), days, Minutes(o.WorkStart), Minutes(o.WorkEnd));
    }

    private static int Minutes(string hhmm) => int.Parse(hhmm[..2], System.Globalization.CultureInfo.InvariantCulture) * 60 + int.Parse(hhmm[3..], System.Globalization.CultureInfo.InvariantCulture);
}
