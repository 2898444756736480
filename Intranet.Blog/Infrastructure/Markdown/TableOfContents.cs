using System.Net;
using System.Text;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Intranet.Blog.Infrastructure.Markdown;

/// A guide's table of contents: its section headings (levels 2 and 3) get anchors, listed in a nav in front of the
/// text. The anchors carry a prefix, so a heading can never take the id of something on the page around it
/// ("comments", "main"). The nav has no title of its own: stored HTML serves every language, so the page supplies
/// the title (the nav points at "toc-title").
public static class TableOfContents
{
    public const string Marker = "<nav class=\"toc\"";
    private const int MaxSlug = 60;

    /// Sets the heading ids and returns the nav, or "" for a text with fewer than two sections.
    public static string Add(MarkdownDocument document)
    {
        var headings = document.Descendants<HeadingBlock>().Where(h => h.Level is 2 or 3).ToList();
        if (headings.Count < 2)
        {
            return "";
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var nav = new StringBuilder(Marker + " aria-labelledby=\"toc-title\"><ol>");
        var open = false;
        foreach (var heading in headings)
        {
            var text = Text(heading.Inline).Trim();
            var id = Unique("toc-" + Slug(text), taken);
            heading.GetAttributes().Id = id;
            var link = $"<a href=\"#{id}\">{WebUtility.HtmlEncode(text.Length > 0 ? text : "…")}</a>";
            if (heading.Level == 3 && open)
            {
                nav.Append("<li class=\"sub\">").Append(link).Append("</li>");
            }
            else
            {
                nav.Append("<li>").Append(link).Append("</li>");
                open = true;
            }
        }

        return nav.Append("</ol></nav>\n").ToString();
    }

    private static string Text(ContainerInline? container)
    {
        var text = new StringBuilder();
        foreach (var inline in container?.Descendants().OfType<Inline>() ?? [])
        {
            MarkdownRenderer.AppendInlineText(text, inline);
        }

        return text.ToString();
    }

    /// Letters and digits of any script, lower-cased; everything else becomes one hyphen.
    private static string Slug(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= MaxSlug)
            {
                break;
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length > 0 ? result : "abschnitt";
    }

    private static string Unique(string id, HashSet<string> taken)
    {
        var candidate = id;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{id}-{n}";
        }

        return candidate;
    }
}
