using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Web;

/// Times as `<time>` with the relative text in the reader's culture; the absolute time is the tooltip, and
/// live.js keeps the relative text fresh from the datetime attribute.
public static class TimeText
{
    public static IHtmlContent Render(DateTimeOffset at, DateTimeOffset now, IStringLocalizer t)
    {
        var absolute = at.ToLocalTime().ToString("f", CultureInfo.CurrentCulture);
        var iso = at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
        // One string instead of a builder of five parts: a feed page renders dozens of these.
        var html = HtmlEncoder.Default;
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{html.Encode(absolute)}\" data-relative>{html.Encode(Relative(at, now, t))}</time>");
    }

    public static string Relative(DateTimeOffset at, DateTimeOffset now, IStringLocalizer t)
    {
        var age = now - at;
        return age.TotalSeconds switch
        {
            < 60 => t["just now"],
            < 3600 => t["{0} min ago", (int)age.TotalMinutes],
            < 86400 => t["{0} h ago", (int)age.TotalHours],
            < 86400 * 7 => t["{0} d ago", (int)age.TotalDays],
            _ => at.ToLocalTime().ToString("d", CultureInfo.CurrentCulture),
        };
    }
}
