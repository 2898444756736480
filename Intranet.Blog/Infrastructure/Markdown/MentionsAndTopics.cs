using System.Text;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Intranet.Blog.Infrastructure.Markdown;

/// A #topic as written: Key is its identity (tags.key), Name the spelling shown.
public sealed record TopicToken(string Key, string Name);

/// Finds @mentions and #topics in the parsed document, never in raw text: code spans, code blocks, link texts and
/// URLs, autolinks and escaped characters ("\#", "\@") are not part of the walk, so they never become links.
internal static class MentionsAndTopics
{
    private enum Kind { Mention, Topic }

    private sealed record Token(Kind Kind, int Start, int End, string Text);

    public static (IReadOnlyList<string> Mentions, IReadOnlyList<TopicToken> Topics) Find(MarkdownDocument document)
    {
        var mentions = new List<string>();
        var topics = new List<TopicToken>();
        foreach (var run in Runs(document))
        {
            foreach (var token in Tokens(run.Text, run.Escaped))
            {
                if (token.Kind == Kind.Mention)
                {
                    var key = Handles.MentionKey(token.Text);
                    if (!mentions.Contains(key))
                    {
                        mentions.Add(key);
                    }
                }
                else
                {
                    var key = Handles.TopicKey(token.Text);
                    if (!topics.Exists(t => t.Key == key))
                    {
                        topics.Add(new TopicToken(key, token.Text.Normalize(NormalizationForm.FormC)));
                    }
                }
            }
        }

        return (mentions, topics);
    }

    /// Replaces each known mention and each linkable topic by a link; unknown people stay plain text.
    public static void Link(MarkdownDocument document, IReadOnlyDictionary<string, long> people, Func<string, bool> linkTopic)
    {
        foreach (var run in Runs(document).ToList())
        {
            var replacements = new List<Inline>();
            var text = run.Text;
            var at = 0;
            foreach (var token in Tokens(text, run.Escaped))
            {
                var link = token.Kind == Kind.Mention
                    ? people.TryGetValue(Handles.MentionKey(token.Text), out var id) ? NewLink("mention", $"/people/{id}", "@" + token.Text) : null
                    : linkTopic(Handles.TopicKey(token.Text))
                        ? NewLink("topic", "/topics/" + Uri.EscapeDataString(Handles.TopicKey(token.Text)), "#" + token.Text.Normalize(NormalizationForm.FormC))
                        : null;
                if (link is null)
                {
                    continue;
                }

                if (token.Start > at)
                {
                    replacements.Add(new LiteralInline(text[at..token.Start]));
                }

                replacements.Add(link);
                at = token.End;
            }

            if (replacements.Count == 0)
            {
                continue;
            }

            if (at < text.Length)
            {
                replacements.Add(new LiteralInline(text[at..]));
            }

            foreach (var literal in run.Literals.Skip(1))
            {
                literal.Remove();
            }

            // ReplaceBy and InsertAfter keep both sibling chains intact (InsertBefore leaves the
            // container's FirstChild stale when inserting before the first child).
            Inline previous = replacements[0];
            run.Literals[0].ReplaceBy(previous, copyChildren: false);
            foreach (var inline in replacements.Skip(1))
            {
                previous.InsertAfter(inline);
                previous = inline;
            }
        }
    }

    private static LinkInline NewLink(string cssClass, string url, string text)
    {
        var link = new LinkInline(url, "");
        link.GetAttributes().AddClass(cssClass);
        link.AppendChild(new LiteralInline(text));
        return link;
    }

    private sealed record Run(List<LiteralInline> Literals, string Text, HashSet<int> Escaped);

    /// Consecutive literal siblings form one text: Markdig splits literals wherever another parser might have
    /// started ("h" for autolinks, "*" for emphasis), and a token must not break at such a seam.
    private static IEnumerable<Run> Runs(MarkdownDocument document)
    {
        // Descendants() yields the inlines inside a block's root container, not the root itself.
        var containers = document.Descendants<LeafBlock>().Select(b => b.Inline).OfType<ContainerInline>()
            .Concat(document.Descendants<ContainerInline>().Where(c => !InsideLink(c)))
            .Distinct().ToList();
        foreach (var container in containers)
        {
            var literals = new List<LiteralInline>();
            for (var child = container.FirstChild; ; child = child.NextSibling)
            {
                if (child is LiteralInline literal)
                {
                    literals.Add(literal);
                    continue;
                }

                if (literals.Count > 0)
                {
                    yield return ToRun(literals);
                    literals = [];
                }

                if (child is null)
                {
                    break;
                }
            }
        }
    }

    private static Run ToRun(List<LiteralInline> literals)
    {
        var text = new StringBuilder();
        var escaped = new HashSet<int>();
        foreach (var literal in literals)
        {
            if (literal.IsFirstCharacterEscaped)
            {
                escaped.Add(text.Length);
            }

            text.Append(literal.Content.AsSpan());
        }

        return new Run(literals, text.ToString(), escaped);
    }

    private static bool InsideLink(Inline inline)
    {
        for (var node = (Inline?)inline; node is not null; node = node.Parent)
        {
            if (node is LinkInline)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Token> Tokens(string text, HashSet<int> escaped)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('@' or '#') || escaped.Contains(i) || (i > 0 && Handles.IsGluedToPrevious(text[i - 1])))
            {
                continue;
            }

            var kind = c == '@' ? Kind.Mention : Kind.Topic;
            var (end, value) = Scan(text, i + 1, kind);
            if (value.Length == 0)
            {
                continue;
            }

            yield return new Token(kind, i, end, value);
            i = end - 1;
        }
    }

    /// A handle is letters, digits and inner dots; a topic starts with a letter, then letters, digits and "_".
    /// Invisible format characters inside are skipped, so they can never make two names look alike.
    private static (int End, string Value) Scan(string text, int start, Kind kind)
    {
        var value = new StringBuilder();
        var end = start;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (Handles.IsInvisible(c))
            {
                continue;
            }

            var ok = kind == Kind.Mention
                ? Handles.IsWordChar(c) || (c == '.' && value.Length > 0)
                : value.Length == 0 ? char.IsLetter(c) : Handles.IsWordChar(c) || c == '_';
            if (!ok)
            {
                break;
            }

            value.Append(c);
            end = i + 1;
        }

        // A sentence ending in "@anna." means anna: the dot is punctuation.
        while (kind == Kind.Mention && value.Length > 0 && value[^1] == '.')
        {
            value.Length--;
            end = text.LastIndexOf('.', end - 1);
        }

        return (end, value.ToString());
    }
}
