using System.Net;
using System.Text;
using Intranet.Blog.Features.Uploads;
using Markdig;
using Markdig.Extensions.AutoLinks;
using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Parsers;
using Markdig.Syntax.Inlines;

namespace Intranet.Blog.Infrastructure.Markdown;

/// <summary>Full: articles and comments. Inline: microposts (single line breaks are kept as line breaks). Guide: Full,
/// with anchors on the section headings and a table of contents of them in front.</summary>
public enum MarkdownProfile { Inline, Full, Guide }

public sealed record RenderedMarkdown(string Html, string PlainText);

public sealed class MarkdownTooDeepException(string message) : Exception(message);

/// A parsed text and the @mentions and #topics found in it, before the mentions are resolved to people.
/// Rendering changes the document, so a draft renders once.
public sealed class MarkdownDraft
{
    internal MarkdownDraft(MarkdownDocument document, MarkdownPipeline pipeline, MarkdownProfile profile, IReadOnlyList<string> mentions, IReadOnlyList<TopicToken> topics)
    {
        Document = document;
        Pipeline = pipeline;
        Profile = profile;
        Mentions = mentions;
        Topics = topics;
    }

    internal MarkdownDocument Document { get; }

    internal MarkdownPipeline Pipeline { get; }

    internal MarkdownProfile Profile { get; }

    internal bool Rendered { get; set; }

    /// Distinct handles after "@", as keys (NFC, lower case), in order of first appearance.
    public IReadOnlyList<string> Mentions { get; }

    /// Distinct topics by key, each with the spelling first used.
    public IReadOnlyList<TopicToken> Topics { get; }
}

/// <summary>
/// Turns untrusted Markdown into HTML that is safe to embed as-is. Thread-safe; meant to be a singleton.
/// </summary>
public sealed class MarkdownRenderer
{
    /// Stored with every body rendered (body_version). Raise it with any change that alters the HTML of text already
    /// stored, and Rerenderer brings the stored bodies up to it after the next start.
    /// 1: images only from /uploads/<generated name>.
    /// 2: a link refused for its address keeps the text before it in the plain text (excerpts, feed titles, mails).
    public const int Version = 2;

    // Rel for links that leave the intranet: no window.opener, no Referer leaking internal URLs, no SEO endorsement.
    private const string ExternalRel = "noopener noreferrer nofollow";

    private readonly MarkdownPipeline _full = BuildPipeline(inlineOnly: false);

    // Microposts are status lines: the inline subset only (emphasis, code, links), and a single Enter is a line
    // break as in a chat. Block syntax ("# ", "- ", "> ", fences) stays literal text.
    private readonly MarkdownPipeline _inline = BuildPipeline(inlineOnly: true);

    private enum UrlKind { Relative, Mailto, Remote, Disallowed } // ordered from least to most risky

    /// Renders with every #topic linked and no @mention resolved (previews, and callers without people).
    public RenderedMarkdown Render(string markdown, MarkdownProfile profile) =>
        Render(Parse(markdown, profile), new Dictionary<string, long>(), _ => true);

    public MarkdownDraft Parse(string markdown, MarkdownProfile profile)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var pipeline = profile switch
        {
            MarkdownProfile.Full or MarkdownProfile.Guide => _full,
            MarkdownProfile.Inline => _inline,
            _ => throw new ArgumentOutOfRangeException(nameof(profile)),
        };

        try
        {
            var document = Markdig.Markdown.Parse(markdown, pipeline);
            var (mentions, topics) = MentionsAndTopics.Find(document);
            return new MarkdownDraft(document, pipeline, profile, mentions, topics);
        }
        catch (ArgumentException)
        {
            throw TooDeep();
        }
    }

    /// people maps mention keys to the ids of people who may be mentioned; linkTopic says which topic keys get a link.
    public RenderedMarkdown Render(MarkdownDraft draft, IReadOnlyDictionary<string, long> people, Func<string, bool> linkTopic)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Rendered)
        {
            throw new InvalidOperationException("A draft renders once.");
        }

        draft.Rendered = true;
        try
        {
            // Links first, sanitizing last: what the allow-list checks is exactly what is rendered.
            MentionsAndTopics.Link(draft.Document, people, linkTopic);
            Sanitize(draft.Document);
            var contents = draft.Profile == MarkdownProfile.Guide ? TableOfContents.Add(draft.Document) : "";
            return new RenderedMarkdown(contents + draft.Document.ToHtml(draft.Pipeline), ExtractPlainText(draft.Document));
        }
        catch (ArgumentException)
        {
            throw TooDeep();
        }
    }

    // Markdig's only documented failure for string input: its nesting-depth guard (parse or render),
    // which protects against stack exhaustion from inputs like 10,000 '>' characters.
    private static MarkdownTooDeepException TooDeep() => new("The Markdown is nested too deeply to be rendered.");

    public static string Excerpt(string plainText, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(plainText);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);

        var text = CollapseWhitespace(plainText);
        if (text.Length <= maxLength)
        {
            return text;
        }

        // One character is reserved for the ellipsis so the result never exceeds maxLength.
        var cut = text[maxLength - 1] == ' ' ? maxLength - 1 : text.LastIndexOf(' ', maxLength - 2);
        if (cut <= 0)
        {
            cut = maxLength - 1; // a single overlong word: a hard cut is better than nothing
            if (char.IsHighSurrogate(text[cut - 1]))
            {
                cut--; // never leave half an emoji behind
            }
        }

        return text[..cut].TrimEnd() + "…";
    }

    // Only extensions whose output is fixed markup are enabled. Deliberately absent: UseAdvancedExtensions and
    // UseGenericAttributes (`{onclick=...}` becomes a live attribute), UseMediaLinks (images become iframes).
    private static MarkdownPipeline BuildPipeline(bool inlineOnly)
    {
        var builder = new MarkdownPipelineBuilder()
            .UseEmphasisExtras()
            .UseAutoLinks(new AutoLinkOptions { UseHttpsForWWWLinks = true })
            .DisableHtml(); // raw HTML is shown as text, never interpreted
        if (inlineOnly)
        {
            builder.UseSoftlineBreakAsHardlineBreak();
            builder.BlockParsers.TryRemove<HeadingBlockParser>();
            builder.BlockParsers.TryRemove<QuoteBlockParser>();
            builder.BlockParsers.TryRemove<ListBlockParser>();
            builder.BlockParsers.TryRemove<ThematicBreakParser>();
            builder.BlockParsers.TryRemove<FencedCodeBlockParser>();
            builder.BlockParsers.TryRemove<IndentedCodeBlockParser>();
            builder.BlockParsers.Find<ParagraphBlockParser>()!.ParseSetexHeadings = false;
        }
        else
        {
            builder.UsePipeTables().UseTaskLists().UseFootnotes();
        }

        return builder.Build();
    }

    private static void Sanitize(MarkdownDocument document)
    {
        // Snapshot first: unwrapping moves nodes around, which would derail a live enumeration.
        foreach (var node in document.Descendants().ToList())
        {
            switch (node)
            {
                case LinkInline link:
                    SanitizeLink(link);
                    break;
                case AutolinkInline autolink:
                    SanitizeAutolink(autolink);
                    break;
                case Table table:
                    ReplaceAlignmentStyles(table);
                    break;
            }
        }
    }

    // Covers inline links, images, links resolved from reference definitions and auto-detected URLs alike,
    // because Markdig resolves all of them into LinkInline.Url before rendering.
    private static void SanitizeLink(LinkInline link)
    {
        if (link.GetDynamicUrl is { } dynamicUrl)
        {
            // A dynamic URL would bypass the check below at render time; pin it so what we check is what is rendered.
            link.Url = dynamicUrl();
            link.GetDynamicUrl = null;
        }

        var url = link.Url ?? "";
        var kind = Classify(url);
        if (kind == UrlKind.Disallowed)
        {
            if (link.IsAutoLink)
            {
                link.ReplaceBy(new LiteralInline(url), copyChildren: false);
            }
            else
            {
                Unwrap(link); // link text (or an image's alt text) stays readable
            }

            return;
        }

        if (link.IsImage)
        {
            if (IsUploadedFile(url))
            {
                return;
            }

            // An image is a request every reader's browser makes on its own, with their cookie: a remote one reports
            // their IP and read time to its host, a same-origin one (/admin/backup, /posts/1/delete) runs that action
            // as every reader. Only files uploaded to this app load; anything else becomes a link to click or not.
            link.IsImage = false;
            if (link.FirstChild is null)
            {
                link.AppendChild(new LiteralInline(url));
            }
        }

        if (kind == UrlKind.Remote)
        {
            link.GetAttributes().AddPropertyIfNotExist("rel", ExternalRel);
        }
    }

    // Exactly "/uploads/<generated name>", nothing encoded or appended: the name pattern is the one UploadFiles writes.
    private static bool IsUploadedFile(string url) =>
        url.StartsWith(UploadsPrefix, StringComparison.Ordinal) && UploadFiles.IsValidName(url[UploadsPrefix.Length..]);

    private const string UploadsPrefix = "/uploads/";

    private static void SanitizeAutolink(AutolinkInline autolink)
    {
        var kind = Classify(autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url);
        if (kind == UrlKind.Disallowed)
        {
            autolink.ReplaceBy(new LiteralInline(autolink.Url), copyChildren: false);
        }
        else if (kind == UrlKind.Remote)
        {
            autolink.GetAttributes().AddPropertyIfNotExist("rel", ExternalRel);
        }
    }

    // Each child goes in after the one before it. Markdig's InsertBefore left the siblings rendering right but the
    // document's Descendants() skipping everything before the link, so the excerpt (feed titles, mails) lost it.
    private static void Unwrap(ContainerInline container)
    {
        Inline previous = container;
        while (container.FirstChild is { } child)
        {
            child.Remove();
            previous.InsertAfter(child);
            previous = child;
        }

        container.Remove();
    }

    // Markdig writes column alignment as style="text-align:…"; a strict CSP blocks inline styles,
    // and the output is easier to audit when it never contains a style attribute at all.
    private static void ReplaceAlignmentStyles(Table table)
    {
        var columns = table.ColumnDefinitions;
        foreach (var row in table.OfType<TableRow>())
        {
            var index = 0;
            foreach (var cell in row.OfType<TableCell>())
            {
                var column = cell.ColumnIndex >= 0 ? cell.ColumnIndex : index;
                var alignment = column < columns.Count ? columns[column].Alignment : null;
                var cssClass = alignment switch
                {
                    TableColumnAlign.Left => "text-left",
                    TableColumnAlign.Center => "text-center",
                    TableColumnAlign.Right => "text-right",
                    _ => null,
                };
                if (cssClass is not null)
                {
                    cell.GetAttributes().AddClass(cssClass);
                }

                index++;
            }
        }

        foreach (var column in columns)
        {
            column.Alignment = null;
        }
    }

    // An allow-list, judged on every decoding of the URL a browser or a later tool might apply, and the riskiest
    // reading wins: "jav&#x09;ascript:", "javascript&colon;" and "%6Aavascript:" are all treated as "javascript:".
    private static UrlKind Classify(string url)
    {
        var worst = ClassifyNormalized(url);
        var current = url;
        for (var round = 0; round < 3; round++)
        {
            var decoded = WebUtility.HtmlDecode(Uri.UnescapeDataString(current));
            if (decoded == current)
            {
                break;
            }

            current = decoded;
            var kind = ClassifyNormalized(current);
            if (kind > worst)
            {
                worst = kind;
            }
        }

        return worst;
    }

    private static UrlKind ClassifyNormalized(string url)
    {
        // Browsers ignore tabs and newlines anywhere in a URL, and treat '\' like '/'.
        var builder = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            if (!char.IsControl(c) && !char.IsWhiteSpace(c))
            {
                builder.Append(c == '\\' ? '/' : c);
            }
        }

        var normalized = builder.ToString();
        if (normalized.StartsWith("//", StringComparison.Ordinal))
        {
            return UrlKind.Remote; // protocol-relative: another host, just without a scheme
        }

        // Any ':' before the path, query or fragment starts is read as a scheme separator,
        // which is stricter than browsers are, so nothing a browser runs can pass as relative.
        var colon = normalized.IndexOf(':', StringComparison.Ordinal);
        var pathStart = normalized.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (pathStart >= 0 && pathStart < colon))
        {
            return UrlKind.Relative;
        }

        var scheme = normalized[..colon];
        if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            return UrlKind.Remote;
        }

        return scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase) ? UrlKind.Mailto : UrlKind.Disallowed;
    }

    // Walks the sanitized AST instead of using Markdown.ToPlainText, whose footnote renderer emits HTML.
    private static string ExtractPlainText(MarkdownDocument document)
    {
        var text = new StringBuilder();
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case CodeBlock codeBlock:
                    text.Append(' ').Append(codeBlock.Lines.ToString()).Append(' ');
                    break;
                case Block:
                    text.Append(' '); // keeps words of adjacent blocks apart
                    break;
                case Inline inline:
                    AppendInlineText(text, inline);
                    break;
            }
        }

        return CollapseWhitespace(text.ToString());
    }

    /// The words one inline contributes to plain text (the excerpt, search, a table of contents); markup adds none.
    internal static void AppendInlineText(StringBuilder text, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case LineBreakInline:
                text.Append(' ');
                break;
        }
    }

    private static string CollapseWhitespace(string text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
