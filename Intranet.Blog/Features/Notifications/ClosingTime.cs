using System.Globalization;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Features.Notifications;

/// A closing time typed into a datetime-local field (a poll's, an idea round's): read in the writer's time zone,
/// after now and at most maxDays ahead.
public static class ClosingTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"];

    /// Null, with the field's error, for text that is no date (notADate) or a time outside the range (outOfRange).
    public static DateTimeOffset? Parse(
        FieldErrors errors, string field, string? value, TimeZoneInfo zone, DateTimeOffset now, int maxDays, string notADate, string outOfRange)
    {
        var text = errors.Text(field, value, 40);
        if (errors.Any)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(field, notADate);
            return null;
        }

        // Checked before the conversion, which overflows near the ends of the calendar.
        if (local < now.UtcDateTime.AddDays(-1) || local > now.UtcDateTime.AddDays(maxDays + 1))
        {
            errors.Add(field, outOfRange);
            return null;
        }

        var at = WorkingHours.ToUtc(local, zone);
        if (at <= now || at > now.AddDays(maxDays))
        {
            errors.Add(field, outOfRange);
            return null;
        }

        return at;
    }
}
