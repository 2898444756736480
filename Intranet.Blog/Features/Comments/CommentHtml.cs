using System.Globalization;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Comments;

/// A comment with its replies: the frame around its content, which RenderedFragments keeps (_CommentContent.cshtml).
/// Written here rather than by a partial per comment: a post page shows fifty, and each partial's lookup and
/// activation (its injected services resolved through the request's scope) cost more than the frame's markup.
public static class CommentHtml
{
    public static async Task<IHtmlContent> RenderAllAsync(IHtmlHelper html, RenderedFragments fragments, IReadOnlyList<CommentView> thread, DateTimeOffset now, IStringLocalizer t)
    {
        var built = new HtmlContentBuilder(thread.Count);
        foreach (var comment in thread)
        {
            built.AppendHtml(await RenderAsync(html, fragments, comment, now, t));
        }

        return built;
    }

    public static async Task<IHtmlContent> RenderAsync(IHtmlHelper html, RenderedFragments fragments, CommentView view, DateTimeOffset now, IStringLocalizer t)
    {
        var c = view.Comment;
        var built = new HtmlContentBuilder();
        // Ids only in the attributes, no text to encode. A reply names its parent; feed.js reads a missing one as none.
        var parent = c.ParentId is { } parentId ? $" data-parent-id=\"{parentId}\"" : "";
        built.AppendHtml(string.Create(CultureInfo.InvariantCulture,
            $"<article class=\"comment{(c.ParentId is null ? "" : " reply")}\" id=\"comment-{c.Id}\" data-comment-id=\"{c.Id}\"{parent} data-author-id=\"{c.AuthorId}\" aria-labelledby=\"comment-{c.Id}-by\">\n"));
        built.AppendHtml(await fragments.PartialAsync(html, "~/Features/Comments/_CommentContent.cshtml", view, view.RenderKey(now, t)));
        if (c.ParentId is null)
        {
            built.AppendHtml(string.Create(CultureInfo.InvariantCulture, $"\n<div class=\"replies\" data-replies-of=\"{c.Id}\">"));
            foreach (var reply in view.Replies)
            {
                built.AppendHtml(await RenderAsync(html, fragments, reply, now, t));
            }

            built.AppendHtml("</div>");
        }

        built.AppendHtml("\n</article>\n");
        return built;
    }
}
