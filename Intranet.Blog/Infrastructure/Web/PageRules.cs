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
    public static IHtmlContent Json(IStringLocalizer t) =>
        new HtmlString(JsonSerializer.Serialize(new { time = TimeText.BrowserSteps(t), mention = Handles.MentionFragmentPattern, comments = t.BrowserForms("{0} comments") }));
}
