using System.Globalization;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Infrastructure.Localization;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Notifications;

/// The header's bell with the server-rendered unread count; live.js keeps it current afterwards. Written here rather
/// than by a view component and its view: every page has one, and the component's lookup, activation and view cost
/// more than the markup.
public static class BellHtml
{
    public static IHtmlContent Render(int unread, IStringLocalizer t)
    {
        var lots = t["More than 99 unread notifications"].Value;
        var label = unread > 99 ? lots : t.Plural("{0} unread notifications", unread);
        var count = unread > 99 ? "99+" : unread.ToString(CultureInfo.CurrentCulture);
        var e = HtmlText.Encoder;
        return new HtmlString(
            $"<a class=\"bell\" href=\"/notifications\" aria-label=\"{e.Encode(label)}\" data-bell data-plural=\"{e.Encode(t.BrowserForms("{0} unread notifications"))}\" data-label-lots=\"{e.Encode(lots)}\">"
            + "<svg class=\"icon\" aria-hidden=\"true\"><use href=\"/icons/nav.svg#bell\"/></svg>"
            + $"<span class=\"bell-badge\" data-bell-count aria-hidden=\"true\"{(unread == 0 ? " hidden" : "")}>{count}</span></a>");
    }
}
