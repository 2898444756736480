using System.Globalization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Web;

/// Times as `<time>` with the relative text in the reader's culture; the absolute time is the tooltip. The browser
/// keeps the text fresh with the same steps and words (BrowserSteps, handed over in the layout's page rules), and
/// data-date is what it shows once the last step is passed, so it never formats a date of its own.
public static class TimeText
{
    /// The organisation's time zone (Intranet:TimeZone), set once at the start: times are written in it, not in the
    /// server's (a container's is UTC), since a card or a comment is rendered once for all its readers. With script
    /// the browser writes the exact time again in the reader's own zone (rules.js).
    public static TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Local;

    /// Below each limit (seconds) the age is counted in that unit; older than the last limit shows the date.
    private static readonly (int Below, int Unit, string Text)[] Steps =
    [
        (60, 0, "just now"),
        (3600, 60, "{0} min ago"),
        (86400, 3600, "{0} h ago"),
        (86400 * 7, 86400, "{0} d ago"),
    ];

    public static IHtmlContent Render(DateTimeOffset at, DateTimeOffset now, IStringLocalizer t)
    {
        var absolute = TimeZoneInfo.ConvertTime(at, Zone).ToString("f", CultureInfo.CurrentCulture);
        // Whole seconds: the relative text counts minutes at the finest, and "o" wrote seven digits of fraction on every card.
        var iso = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // One string instead of a builder of several parts: a feed page renders dozens of these.
        var html = HtmlText.Encoder;
        var date = Date(at);
        var text = Relative(at, now, t);
        // Past the last step the text is the date and stays it, so the browser has nothing to keep fresh.
        var fresh = text == date ? "" : $" data-relative data-date=\"{html.Encode(date)}\"";
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{html.Encode(absolute)}\"{fresh}>{html.Encode(text)}</time>");
    }

    public static string Relative(DateTimeOffset at, DateTimeOffset now, IStringLocalizer t)
    {
        var seconds = (now - at).TotalSeconds;
        foreach (var (below, unit, text) in Steps)
        {
            if (seconds < below)
            {
                return unit == 0 ? t[text] : t[text, (int)(seconds / unit)];
            }
        }

        return Date(at);
    }

    /// The steps with their words in the current language, for the browser: [{ below, unit, text }], {0} = the count.
    public static object BrowserSteps(IStringLocalizer t) =>
        Steps.Select(s => new { below = s.Below, unit = s.Unit, text = t[s.Text].Value }).ToArray();

    private static string Date(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString("d", CultureInfo.CurrentCulture);

    /// A calendar date (a guide's review date): the day as stored in UTC, written in the reader's culture.
    public static IHtmlContent Day(DateTimeOffset day) =>
        new HtmlString($"<time datetime=\"{day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">{HtmlText.Encoder.Encode(day.UtcDateTime.ToString("d", CultureInfo.CurrentCulture))}</time>");
}
