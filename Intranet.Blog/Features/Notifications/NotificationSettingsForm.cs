using System.Globalization;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Notifications;

public sealed record NotificationSettingsInput
{
    public bool Mention { get; init; }
    public bool Comment { get; init; }
    public bool Reply { get; init; }
    public bool Reaction { get; init; }
    public bool Post { get; init; }
    public bool Guides { get; init; }
    public string? TimeZone { get; init; }
    public int[]? Days { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }

    public static NotificationSettingsInput From(NotificationSettings s) => new()
    {
        Mention = s.Mention, Comment = s.Comment, Reply = s.Reply, Reaction = s.Reaction, Post = s.Post, Guides = s.Guides, TimeZone = s.TimeZone,
        Days = Enumerable.Range(0, 7).Select(i => 1 << i).Where(bit => (s.WorkDays & bit) != 0).ToArray(),
        Start = Clock(s.WorkStart), End = Clock(s.WorkEnd),
    };

    /// A time field cannot show 24:00; the end of the day reads as 23:59 and is saved back as the end of the day.
    public static string Clock(int minutes) => minutes >= 24 * 60 ? "23:59" : $"{minutes / 60:00}:{minutes % 60:00}";
}

/// Checked working hours: a time zone id, days (Monday = 1 … Sunday = 64) and minutes of the day.
public sealed record WorkingHoursInput(string TimeZone, int WorkDays, int WorkStart, int WorkEnd);

public sealed record NotificationSettingsView(NotificationSettingsInput Input, IReadOnlyList<string> TimeZones, bool Saved);

/// Validates the settings form: a known time zone, working days from the seven, start before end (HH:mm).
public sealed class NotificationSettingsForm(NotificationStore store, IStringLocalizer<SharedResource> t)
{
    public const int TimeZoneLength = 64;

    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order(StringComparer.Ordinal).ToList();

    public async Task<NotificationSettingsView> EditorAsync(long userId, bool saved, CancellationToken ct) =>
        new(NotificationSettingsInput.From(await store.SettingsAsync(userId, ct)), TimeZones, saved);

    public async Task<FieldErrors> SaveAsync(long userId, NotificationSettingsInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var hours = WorkingHoursOf(errors, input.TimeZone, input.Days, input.Start, input.End, t);
        if (errors.Any)
        {
            return errors;
        }

        await store.SaveSettingsAsync(userId, new NotificationSettings
        {
            Mention = input.Mention, Comment = input.Comment, Reply = input.Reply, Reaction = input.Reaction, Post = input.Post, Guides = input.Guides,
            TimeZone = hours!.TimeZone, WorkDays = hours.WorkDays, WorkStart = hours.WorkStart, WorkEnd = hours.WorkEnd,
        }, ct);
        return errors;
    }

    /// A known time zone, working days from the seven, start before end (HH:mm): a person's working hours here, a
    /// department's own for its response target (Questions). Null with the errors added when something is wrong.
    public static WorkingHoursInput? WorkingHoursOf(FieldErrors errors, string? timeZone, int[]? workDays, string? startText, string? endText, IStringLocalizer t)
    {
        var count = errors.All.Count;
        var zone = errors.Text("Time zone", timeZone, TimeZoneLength);
        if (!errors.All.ContainsKey("Time zone") && !TimeZones.Contains(zone, StringComparer.Ordinal))
        {
            errors.Add("Time zone", t["Unknown time zone."]);
        }

        var days = 0;
        foreach (var day in workDays ?? [])
        {
            if (day is < 1 or > 64 || (day & (day - 1)) != 0)
            {
                errors.Add("Working days", t["Unknown working day."]);
            }
            else
            {
                days |= day;
            }
        }

        var start = Minutes(errors, "Start of work", startText, t);
        var end = Minutes(errors, "End of work", endText, t);
        if (start is { } s && end is { } e && s >= e)
        {
            errors.Add("End of work", t["The end of work must be after its start."]);
        }

        return errors.All.Count == count ? new WorkingHoursInput(zone, days, start!.Value, end!.Value) : null;
    }

    private static int? Minutes(FieldErrors errors, string field, string? value, IStringLocalizer t)
    {
        var text = errors.Text(field, value, 5);
        if (errors.All.ContainsKey(field))
        {
            return null;
        }

        if (text is "24:00" || (text is "23:59" && field == "End of work"))
        {
            return 24 * 60;
        }

        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add(field, t["{0} must be a time like 08:30.", t[field]]);
            return null;
        }

        return time.Hour * 60 + time.Minute;
    }
}
