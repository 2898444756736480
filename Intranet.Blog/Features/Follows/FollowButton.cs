using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Follows;

/// The follow button: a plain form that works without script (follow.js turns it into a toggle). Written here, not
/// as a partial view: the departments page shows one per department, and a partial's activation cost more than the
/// rest of the page's own markup.
public static class FollowButton
{
    public static IHtmlContent Html(FollowButtonView view, HttpContext context, IStringLocalizer t)
    {
        var encode = HtmlText.Encoder;
        var following = t["Following"].Value;
        var follow = t["Follow"].Value;
        return new HtmlString(
            $"""<form method="post" action="/follows" class="follow-form" data-follow>{Text(RequestToken.Field(context))}<input type="hidden" name="kind" value="{encode.Encode(view.Kind)}"><input type="hidden" name="id" value="{view.Id}"><input type="hidden" name="follow" value="{(view.Following ? "false" : "true")}" data-follow-next><input type="hidden" name="returnUrl" value="{encode.Encode(view.ReturnUrl)}"><button type="submit" class="button follow" aria-pressed="{(view.Following ? "true" : "false")}" data-label-on="{encode.Encode(following)}" data-label-off="{encode.Encode(follow)}">{encode.Encode(view.Following ? following : follow)}</button></form>""");
    }

    private static string? Text(IHtmlContent content)
    {
        if (content is HtmlString html)
        {
            return html.Value;
        }

        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlText.Encoder);
        return writer.ToString();
    }
}
