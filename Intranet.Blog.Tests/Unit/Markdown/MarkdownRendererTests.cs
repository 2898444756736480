using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Intranet.Blog.Infrastructure.Markdown;
using NUnit.Framework;

namespace Intranet.Blog.Tests.Unit.Markdown;

[TestFixture]
public sealed partial class MarkdownRendererTests
{
    private const string ExternalRel = "noopener noreferrer nofollow";

    // Exactly what the enabled extensions emit; anything else means an unsafe extension slipped in.
    private static readonly HashSet<string> AllowedElements =
    [
        "p", "a", "img", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br",
        "table", "thead", "tbody", "tr", "th", "td",
        "del", "ins", "mark", "sub", "sup", // emphasis extras
        "input",                            // task-list checkbox
        "div",                              // footnotes container
    ];

    private static readonly HashSet<string> AllowedAttributes =
        ["href", "src", "alt", "title", "rel", "class", "id", "type", "disabled", "checked", "start"];

    private static readonly MarkdownRenderer Renderer = new();
    private static readonly HtmlParser Parser = new();

    private static IDocument Render(string markdown, MarkdownProfile profile = MarkdownProfile.Full) =>
        Parser.ParseDocument(Renderer.Render(markdown, profile).Html);

    private static IElement Body(IDocument document) => document.Body!;

    private static IEnumerable<IAttr> AllAttributes(IDocument document) =>
        Body(document).QuerySelectorAll("*").SelectMany(element => element.Attributes);

    // Mirrors how browsers find a scheme: leading C0/space stripped, tab/newline dropped anywhere.
    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex SchemePattern();

    private static string? BrowserScheme(string url)
    {
        var cleaned = url.TrimStart(Enumerable.Range(0, 0x21).Select(i => (char)i).ToArray())
            .Replace("\t", "", StringComparison.Ordinal)
            .Replace("\n", "", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal);
        var match = SchemePattern().Match(cleaned);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [TestCase("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [TestCase("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>")]
    [TestCase("<a href=\"javascript:alert(1)\">x</a>", "<a href=\"javascript:alert(1)\">x</a>")]
    [TestCase("<!-- hidden --><div style=\"display:none\">x</div>", "<div style=\"display:none\">x</div>")]
    public void Raw_html_is_shown_as_text(string markdown, string visibleText)
    {
        var document = Render(markdown);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("script, img, div, a, iframe"), Is.Empty);
            Assert.That(Body(document).TextContent, Does.Contain(visibleText));
        }
    }

    [TestCase("[x](javascript:alert(1))")]
    [TestCase("[x](JaVaScRiPt:alert(1))")]
    [TestCase("[x](javascript&colon;alert(1))")]
    [TestCase("[x](jav&#x09;ascript:alert(1))")]
    [TestCase("[x](jav%09ascript:alert(1))")]
    [TestCase("[x](%6Aavascript:alert(1))")]
    [TestCase("[x](&#x6A;avascript&#x3a;alert(1))")]
    [TestCase("[x](<java\tscript:alert(1)>)")]
    [TestCase("[x][r]\n\n[r]: javascript:alert(1)")]
    [TestCase("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [TestCase("[x](vbscript:msgbox(1))")]
    [TestCase("[x](file:///etc/passwd)")]
    public void Links_with_dangerous_schemes_are_unwrapped_to_text(string markdown)
    {
        var document = Render(markdown);
        var urls = AllAttributes(document).Where(a => a.Name is "href" or "src").Select(a => a.Value).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("a"), Is.Empty);
            Assert.That(Body(document).TextContent.Trim(), Is.EqualTo("x"));
            Assert.That(urls, Has.None.Contains("script:").IgnoreCase);
            Assert.That(urls, Has.None.StartsWith("data:").IgnoreCase);
        }
    }

    [Test]
    public void Reference_definitions_are_not_shown()
    {
        var document = Render("[x][r]\n\n[r]: https://example.org \"title\"");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).TextContent.Trim(), Is.EqualTo("x"));
            Assert.That(Body(document).QuerySelector("a")?.GetAttribute("href"), Is.EqualTo("https://example.org"));
        }
    }

    [Test]
    public void Dangerous_images_become_their_alt_text()
    {
        var document = Render("![alt text](javascript:alert(1))");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("img, a"), Is.Empty);
            Assert.That(Body(document).TextContent.Trim(), Is.EqualTo("alt text"));
        }
    }

    [Test]
    public void Javascript_autolinks_become_literal_text()
    {
        var document = Render("<javascript:alert(1)>");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("a"), Is.Empty);
            Assert.That(Body(document).TextContent, Does.Contain("javascript:alert(1)"));
        }
    }

    [Test]
    public void Generic_attribute_syntax_does_not_create_attributes()
    {
        var heading = Render("# Title {onclick=alert(1)}");
        var link = Render("[x](https://intranet.example/){style=\"position:fixed\"}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(heading).QuerySelector("h1"), Is.Not.Null);
            Assert.That(AllAttributes(heading).Select(a => a.Name), Has.None.StartsWith("on"));
            Assert.That(AllAttributes(link).Select(a => a.Name), Has.None.EqualTo("style"));
        }
    }

    [TestCase("[x](http://a\"onmouseover=\"alert(1))")]
    [TestCase("[x](https://ok.example \"t\\\"onmouseover=alert(1)\")")]
    public void Quotes_cannot_break_out_of_link_attributes(string markdown)
    {
        var document = Render(markdown);

        Assert.That(AllAttributes(document).Select(a => a.Name), Has.None.StartsWith("on"));
    }

    [Test]
    public void Code_fence_info_strings_cannot_inject_markup()
    {
        var document = Render("```\"><img src=x onerror=1>\ncode\n```");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("img"), Is.Empty);
            Assert.That(Body(document).QuerySelector("pre > code")?.TextContent, Is.EqualTo("code\n"));
        }
    }

    [Test]
    public void Backslash_paths_are_percent_encoded_so_they_stay_on_this_host()
    {
        var document = Render("[x](/\\evil.example)");

        Assert.That(Body(document).QuerySelector("a")?.GetAttribute("href"), Is.EqualTo("/%5Cevil.example"));
    }

    [Test]
    public void Remote_images_become_links_instead_of_loading()
    {
        var document = Render("![pixel](https://tracker.example/p.gif?u=1)");
        var link = Body(document).QuerySelector("a");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("img"), Is.Empty);
            Assert.That(link?.GetAttribute("href"), Is.EqualTo("https://tracker.example/p.gif?u=1"));
            Assert.That(link?.TextContent, Is.EqualTo("pixel"));
            Assert.That(link?.GetAttribute("rel"), Is.EqualTo(ExternalRel));
        }
    }

    [TestCase("![](https://tracker.example/p.gif)", "https://tracker.example/p.gif")]
    [TestCase("![x](//tracker.example/p.gif)", "//tracker.example/p.gif")]
    public void Protocol_relative_and_unlabelled_remote_images_are_not_loaded_either(string markdown, string href)
    {
        var document = Render(markdown);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("img"), Is.Empty);
            Assert.That(Body(document).QuerySelector("a")?.GetAttribute("href"), Is.EqualTo(href));
            Assert.That(Body(document).TextContent.Trim(), Is.Not.Empty);
        }
    }

    [Test]
    public void Uploaded_images_stay_images()
    {
        var image = Body(Render("![logo](/uploads/0123456789abcdef0123456789abcdef.png)")).QuerySelector("img");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(image?.GetAttribute("src"), Is.EqualTo("/uploads/0123456789abcdef0123456789abcdef.png"));
            Assert.That(image?.GetAttribute("alt"), Is.EqualTo("logo"));
        }
    }

    /// An image is fetched by every reader's browser with their cookie: a same-origin path would run that action as
    /// each of them (an admin scrolling past ![x](/admin/backup) would make a backup).
    [TestCase("![x](/admin/backup)", "/admin/backup")]
    [TestCase("![](/posts/1/delete)", "/posts/1/delete")]
    [TestCase("![x](admin/backup)", "admin/backup")]
    [TestCase("![x](/uploads/../admin/backup)", "/uploads/../admin/backup")]
    [TestCase("![x](/uploads/0123456789abcdef0123456789abcdef.png?x=1)", "/uploads/0123456789abcdef0123456789abcdef.png?x=1")]
    [TestCase("![x](/uploads/%30123456789abcdef0123456789abcdef.png)", "/uploads/%30123456789abcdef0123456789abcdef.png")]
    [TestCase("![x](/UPLOADS/0123456789abcdef0123456789abcdef.png)", "/UPLOADS/0123456789abcdef0123456789abcdef.png")]
    [TestCase("![x][r]\n\n[r]: /admin/backup", "/admin/backup")]
    public void Images_that_are_not_uploads_become_links(string markdown, string href)
    {
        var document = Render(markdown);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(document).QuerySelectorAll("img"), Is.Empty);
            Assert.That(Body(document).QuerySelector("a")?.GetAttribute("href"), Is.EqualTo(href));
            Assert.That(Body(document).TextContent.Trim(), Is.Not.Empty);
        }
    }

    /// Whatever route the source takes (another host, a data: URI, a reference, an autolink inside the alt text),
    /// nothing but an upload becomes an image, and the reader still sees that something was there.
    [TestCase("![x](//evil.example/a.png)")]
    [TestCase("![x](///evil.example/a.png)")]
    [TestCase("![x](\\\\evil.example/a.png)")]
    [TestCase("![x](https://evil.example/a.png)")]
    [TestCase("![x](data:image/png;base64,iVBORw0KGgo=)")]
    [TestCase("![x](javascript:alert(1))")]
    [TestCase("![x][r]\n\n[r]: //evil.example/a.png")]
    [TestCase("![x]\n\n[x]: data:image/svg+xml,<svg/onload=alert(1)>")]
    [TestCase("![x](</admin/backup>)")]
    [TestCase("![x](/uploads/0123456789abcdef0123456789abcdef.svg)")]
    [TestCase("![x](/uploads/0123456789abcdef0123456789abcdef_64.png)")]
    [TestCase("![x](/uploads/0123456789abcdef0123456789abcdef.png#)")]
    [TestCase("![![x](/admin/backup)](/admin/backup)")]
    [TestCase("<img src=\"/admin/backup\">")]
    [TestCase("[![x](/admin/backup)](/uploads/0123456789abcdef0123456789abcdef.png)")]
    public void Nothing_but_an_upload_renders_as_an_image(string markdown)
    {
        foreach (var profile in new[] { MarkdownProfile.Full, MarkdownProfile.Inline })
        {
            var document = Render(markdown, profile);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Body(document).QuerySelectorAll("img, [src], [srcset]"), Is.Empty, profile.ToString());
                Assert.That(Body(document).TextContent.Trim(), Is.Not.Empty, profile.ToString());
            }
        }
    }

    [Test]
    public void External_links_get_a_protective_rel()
    {
        var link = Body(Render("[ok](https://example.org)")).QuerySelector("a");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(link?.GetAttribute("href"), Is.EqualTo("https://example.org"));
            Assert.That(link?.GetAttribute("rel")?.Split(' '), Does.Contain("noopener"));
            Assert.That(link?.GetAttribute("rel"), Is.EqualTo(ExternalRel));
        }
    }

    [TestCase("[m](mailto:a@b.example)", "mailto:a@b.example", null)]
    [TestCase("[r](/posts/1)", "/posts/1", null)]
    [TestCase("[r](posts/1#top)", "posts/1#top", null)]
    [TestCase("<https://example.org>", "https://example.org", ExternalRel)]
    [TestCase("<a@b.example>", "mailto:a@b.example", null)]
    [TestCase("see https://example.org/x", "https://example.org/x", ExternalRel)]
    [TestCase("see www.example.org", "https://www.example.org", ExternalRel)]
    [TestCase("[p](//example.org/x)", "//example.org/x", ExternalRel)]
    public void Safe_links_are_kept(string markdown, string href, string? rel)
    {
        var link = Body(Render(markdown)).QuerySelector("a");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(link?.GetAttribute("href"), Is.EqualTo(href));
            Assert.That(link?.GetAttribute("rel"), Is.EqualTo(rel));
        }
    }

    [Test]
    public void Table_alignment_uses_classes_instead_of_inline_styles()
    {
        var document = Render("| a | b |\n|:--|--:|\n| 1 | 2 |");
        var cells = Body(document).QuerySelectorAll("td");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AllAttributes(document).Select(a => a.Name), Has.None.EqualTo("style"));
            Assert.That(cells.Select(c => c.ClassName), Is.EqualTo(new[] { "text-left", "text-right" }));
        }
    }

    [Test]
    public void Task_list_checkboxes_are_disabled()
    {
        var inputs = Body(Render("- [x] done\n- [ ] todo")).QuerySelectorAll("input");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inputs, Has.Count.EqualTo(2));
            Assert.That(inputs.Select(i => i.HasAttribute("disabled")), Is.All.True);
        }
    }

    [Test]
    public void Inline_profile_keeps_single_line_breaks_while_full_joins_them()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Body(Render("a\nb", MarkdownProfile.Inline)).QuerySelectorAll("br"), Has.Length.EqualTo(1));
            Assert.That(Body(Render("a\nb", MarkdownProfile.Full)).QuerySelectorAll("br"), Is.Empty);
        }
    }

    [Test]
    public void Plain_text_contains_the_words_without_markup()
    {
        var rendered = Renderer.Render(
            "# Title\n\nSome *em* text[^1] and `code`.\n\n```\nblock\n```\n\n[^1]: The note.",
            MarkdownProfile.Full);

        Assert.That(rendered.PlainText, Is.EqualTo("Title Some em text and code. block The note."));
    }

    [TestCase("Alpha beta [gamma](javascript:alert(1)) delta", "Alpha beta gamma delta")]
    [TestCase("Alpha [one](https://example.com) and [two](javascript:x) end", "Alpha one and two end")]
    public void A_link_refused_for_its_address_keeps_its_text_and_the_text_around_it(string markdown, string plain)
    {
        var rendered = Renderer.Render(markdown, MarkdownProfile.Full);

        Assert.That(rendered.PlainText, Is.EqualTo(plain));
        Assert.That(rendered.Html, Does.Contain(plain.Split(' ')[0]).And.Not.Contain("javascript"));
    }

    [Test]
    public void Plain_text_of_raw_html_is_the_literal_source()
    {
        var rendered = Renderer.Render("<b>bold</b> &amp; more", MarkdownProfile.Full);

        Assert.That(rendered.PlainText, Is.EqualTo("<b>bold</b> & more"));
    }

    [Test]
    public void Deep_blockquotes_are_rejected_as_too_deep()
    {
        var exception = Assert.Throws<MarkdownTooDeepException>(
            () => Renderer.Render(new string('>', 10_000) + " x", MarkdownProfile.Full));

        Assert.That(exception.Message, Does.Contain("nested too deeply"));
    }

    [Test]
    public void Deep_lists_are_rejected_as_too_deep()
    {
        Assert.Throws<MarkdownTooDeepException>(
            () => Renderer.Render(string.Concat(Enumerable.Repeat("- ", 1_000)) + "x", MarkdownProfile.Full));
    }

    [Test]
    public void Many_unclosed_links_still_render()
    {
        var rendered = Renderer.Render(string.Concat(Enumerable.Repeat("[a](", 5_000)), MarkdownProfile.Full);

        Assert.That(rendered.PlainText, Does.StartWith("[a]("));
    }

    [Test]
    public void Nul_characters_do_not_crash()
    {
        var rendered = Renderer.Render("a\0b [x](\0javascript:alert(1))", MarkdownProfile.Full);

        Assert.That(Body(Parser.ParseDocument(rendered.Html)).QuerySelectorAll("a"), Is.Empty);
    }

    private static readonly string[] Fragments =
    [
        "[", "](", ")", "]", "(", "<", ">", "javascript:", "JaVaScRiPt:", "&#x3a;", "&colon;", "&#x09;", "&#106;",
        "%0a", "%09", "%6A", "{onclick=x}", "{style=\"x\"}", "{#id .cls}", "!", "![", "*", "_", "~", "~~", "==",
        "^", "+", "`", "```", "#", "# ", "\n", "\n\n", "\t", "\"", "'", " ", "  ", "a", "b", "x", "data:",
        "vbscript:", "mailto:", "http://", "https://x.example", "//", "/", "\\", "?", "#frag", "@", "www.x.example",
        "|", "-", "- ", "1. ", "[ ] ", "[x] ", "[^1]", "[^1]: ", "[r]: ", "<img src=x onerror=alert(1)>",
        "<script>", "onerror=", "&amp;", "&", ";", ":", "=", "\0", "\u00A0", "\u2028",
    ];

    private static readonly string[] Seeds =
    [
        "[x](javascript:alert(1))", "![p](https://t.example/p.gif)", "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)", "# T {onclick=a}", "| a | b |\n|:-|-:|\n| 1 | 2 |",
        "- [x] t", "x[^1]\n\n[^1]: n", "```js\ncode\n```", "> q\n> > q2",
    ];

    private static string RandomMarkdown(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(2) == 0)
        {
            builder.Append(Seeds[random.Next(Seeds.Length)]);
            for (var i = random.Next(1, 6); i > 0; i--)
            {
                var fragment = Fragments[random.Next(Fragments.Length)];
                var position = random.Next(builder.Length + 1);
                if (random.Next(3) == 0 && position < builder.Length)
                {
                    builder.Remove(position, 1);
                }
                else
                {
                    builder.Insert(position, fragment);
                }
            }
        }
        else
        {
            for (var i = random.Next(1, 60); i > 0; i--)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
            }
        }

        return builder.ToString();
    }

    [Test]
    public void Random_inputs_only_produce_allow_listed_markup()
    {
        var random = new Random(20_240_601);
        for (var run = 0; run < 4_000; run++)
        {
            var markdown = RandomMarkdown(random);
            var profile = run % 2 == 0 ? MarkdownProfile.Full : MarkdownProfile.Inline;
            RenderedMarkdown rendered;
            try
            {
                rendered = Renderer.Render(markdown, profile);
            }
            catch (MarkdownTooDeepException)
            {
                continue;
            }

            AssertSafe(Parser.ParseDocument(rendered.Html), markdown);
        }
    }

    private static void AssertSafe(IDocument document, string markdown)
    {
        var because = "input: " + markdown;
        foreach (var element in Body(document).QuerySelectorAll("*"))
        {
            Assert.That(AllowedElements, Does.Contain(element.LocalName), because);
            foreach (var attribute in element.Attributes)
            {
                Assert.That(AllowedAttributes, Does.Contain(attribute.Name), because);
            }

            if (element.LocalName == "input")
            {
                Assert.That(element.GetAttribute("type"), Is.EqualTo("checkbox"), because);
                Assert.That(element.HasAttribute("disabled"), Is.True, because);
            }

            if (element.GetAttribute("href") is { } href)
            {
                Assert.That(BrowserScheme(href), Is.Null.Or.AnyOf("http", "https", "mailto"), because + " href: " + href);
            }

            if (element.GetAttribute("src") is { } src)
            {
                var path = src.Replace('\\', '/').TrimStart();
                Assert.That(BrowserScheme(src), Is.Null, because + " src: " + src);
                Assert.That(path, Does.Not.StartWith("//"), because + " src: " + src);
            }
        }
    }

    [Test]
    public void Excerpt_cuts_at_a_word_boundary_and_appends_an_ellipsis()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MarkdownRenderer.Excerpt("The quick brown fox jumps", 12), Is.EqualTo("The quick…"));
            Assert.That(MarkdownRenderer.Excerpt("The quick brown fox jumps", 16), Is.EqualTo("The quick brown…"));
            Assert.That(MarkdownRenderer.Excerpt("Supercalifragilistic", 6), Is.EqualTo("Super…"));
        }
    }

    [Test]
    public void Excerpt_leaves_short_text_unchanged_apart_from_whitespace()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(MarkdownRenderer.Excerpt("Short text", 50), Is.EqualTo("Short text"));
            Assert.That(MarkdownRenderer.Excerpt("  Short \n\t text ", 50), Is.EqualTo("Short text"));
        }
    }

    [Test]
    public void Excerpt_never_exceeds_the_maximum_length()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => new string('w', i % 13 + 1)));
        for (var max = 2; max < 120; max++)
        {
            Assert.That(MarkdownRenderer.Excerpt(text, max), Has.Length.LessThanOrEqualTo(max));
        }
    }

    [TestCase("# Überschrift")]
    [TestCase("- Punkt")]
    [TestCase("> Zitat")]
    [TestCase("```\ncode\n```")]
    [TestCase("Text\n---")]
    public void Microposts_keep_block_syntax_as_text(string input)
    {
        var html = new MarkdownRenderer().Render(input, MarkdownProfile.Inline).Html;

        var fragment = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.That(fragment.Body!.QuerySelectorAll("h1, h2, ul, ol, li, blockquote, pre, hr"), Is.Empty, html);
        Assert.That(fragment.Body.QuerySelector("p"), Is.Not.Null);
    }

    [Test]
    public void Microposts_keep_inline_emphasis_links_and_line_breaks()
    {
        var html = new MarkdownRenderer().Render("**fett** und [Link](https://example.org)\nzweite Zeile", MarkdownProfile.Inline).Html;

        var body = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).Body!;
        Assert.That(body.QuerySelector("strong")?.TextContent, Is.EqualTo("fett"));
        Assert.That(body.QuerySelector("a")?.GetAttribute("href"), Is.EqualTo("https://example.org"));
        Assert.That(body.QuerySelector("br"), Is.Not.Null);
    }

    /// The table of contents names a heading by the same words as the excerpt and search: code, entities and links too.
    [Test]
    public void A_guides_table_of_contents_names_each_heading_by_its_words()
    {
        var page = Render("## Mit `git` &amp; Co.\n\nText\n\n## <https://intranet.example/hilfe>\n\nMehr", MarkdownProfile.Guide);

        Assert.That(page.QuerySelectorAll("nav.toc a").Select(a => a.TextContent),
            Is.EqualTo(new[] { "Mit git & Co.", "https://intranet.example/hilfe" }));
    }
}
