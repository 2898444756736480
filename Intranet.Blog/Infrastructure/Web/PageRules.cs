using System.Text.Json;
using Intranet.Blog.Infrastructure.Localization;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Web;

/// The rules the browser's scripts need, handed over by the server once per page (the layout's
/// `<script type="application/json" id="page-rules">`, read by wwwroot/js/rules.js) instead of a second copy in
/// JavaScript: the relative-time steps and words (TimeText), where an @mention starts (Handles), and the words of a
/// card's comment count (once here rather than on each of a feed's twenty cards).
public static class PageRules
{
    /// The serializer's default encoder escapes "<", ">" and "&", so nothing here can close the script element.
    /// The same for every page in one language: made once per language.
    public static IHtmlContent Json(IStringLocalizer t) =>
        Made.GetOrAdd(System.Globalization.CultureInfo.CurrentUICulture.Name, _ =>
            new HtmlString(JsonSerializer.Serialize(new { time = TimeText.BrowserSteps(t), mention = Handles.MentionFragmentPattern, comments = t.BrowserForms("{0} comments") })));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HtmlString> Made = new(StringComparer.Ordinal);
}
