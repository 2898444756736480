using System.Globalization;
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
        var content = new HtmlContentBuilder();
        content.AppendHtml("<time datetime=\"").Append(iso).AppendHtml("\" title=\"").Append(absolute).AppendHtml("\" data-relative>");
        content.Append(Relative(at, now, t)).AppendHtml("</time>");
        return content;
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
