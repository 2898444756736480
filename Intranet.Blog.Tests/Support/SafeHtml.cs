using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;

namespace Intranet.Blog.Tests.Support;

/// What "shown as text" means for a parsed page, and how corpus generator lines (GEN:...) expand.
public static partial class SafeHtml
{
    /// Whole-page checks: user content may add no script, no handler, no inline style, no foreign scheme, no remote image.
    public static void AssertSafe(IHtmlDocument page, string where)
    {
        using (Assert.EnterMultipleScope())
        {
            // The one script element without src is the layout's page rules: JSON data in the head, never run.
            var rules = page.QuerySelectorAll("script:not([src])");
            Assert.That(rules.Select(r => $"{r.ParentElement?.LocalName} #{r.Id} {r.GetAttribute("type")}"), Is.Empty.Or.EqualTo(new[] { "head #page-rules application/json" }), $"{where}: no inline script");
            foreach (var script in page.QuerySelectorAll("script[src]"))
            {
                Assert.That(script.GetAttribute("src"), Does.StartWith("/js/").Or.StartWith("/lib/"), $"{where}: only the app's own scripts");
                Assert.That(script.TextContent, Is.Empty, $"{where}: no inline script");
            }

            // The navigation's own icons are inline SVG (class "icon"), and so are the dashboard's charts (class "chart-svg",
            // the drawing of a figure[data-chart]); user content can set no class at all.
            Assert.That(page.QuerySelectorAll("iframe, object, embed, svg:not(.icon):not(.chart-svg), math, base, meta[http-equiv]"), Is.Empty, where);
            Assert.That(page.QuerySelectorAll("svg.chart-svg").Where(s => s.ParentElement?.LocalName != "figure" || !s.ParentElement.HasAttribute("data-chart")), Is.Empty, where);
            foreach (var element in page.All)
            {
                foreach (var attribute in element.Attributes)
                {
                    Assert.That(attribute.Name, Does.Not.StartWith("on"), $"{where}: <{element.LocalName} {attribute.Name}>");
                    Assert.That(attribute.Name, Is.Not.EqualTo("style"), $"{where}: <{element.LocalName} style>");
                    if (attribute.Name is "href" or "src" or "action" or "formaction" or "xlink:href")
                    {
                        Assert.That(Scheme(attribute.Value), Is.Null.Or.AnyOf("http", "https", "mailto", "tel"), $"{where}: {attribute.Name}={attribute.Value}");
                    }
                }
            }

            // An image is a request every reader makes with their cookie: only this app's uploads may be one.
            foreach (var image in page.QuerySelectorAll("img"))
            {
                Assert.That(image.GetAttribute("src"), Does.Match(UploadedImage), $"{where}: an image that is not an upload");
                Assert.That(image.GetAttribute("srcset"), Is.Null.Or.Empty, $"{where}: srcset");
            }
        }
    }

    public const string UploadedImage = @"^/uploads/[0-9a-f]{32}(-[0-9]+)?\.(png|jpg|webp)$";

    // How a browser finds the scheme: leading controls and spaces stripped, tabs and newlines dropped anywhere.
    public static string? Scheme(string url)
    {
        var cleaned = new string(url.TrimStart(Enumerable.Range(0, 0x21).Select(i => (char)i).ToArray()).Where(c => c is not ('\t' or '\n' or '\r')).ToArray());
        var match = SchemePattern().Match(cleaned);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    /// GEN:'lit'+repeat('s',n)+... ; anything not starting with GEN: is literal.
    public static string Expand(string input)
    {
        if (!input.StartsWith("GEN:", StringComparison.Ordinal))
        {
            return input;
        }

        var builder = new StringBuilder();
        var position = 4;
        while (position < input.Length)
        {
            var term = GeneratorTerm().Match(input, position);
            Assert.That(term.Success && term.Index == position, Is.True, $"Cannot expand generator '{input}' at {position}");
            builder.Append(term.Groups["rep"].Success
                ? string.Concat(Enumerable.Repeat(term.Groups["rep"].Value, int.Parse(term.Groups["n"].Value, CultureInfo.InvariantCulture)))
                : term.Groups["lit"].Value);
            position += term.Length;
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"\G(?:'(?<lit>[^']*)'|repeat\('(?<rep>[^']*)',(?<n>\d+)\))(?:\+|$)")]
    private static partial Regex GeneratorTerm();
}
