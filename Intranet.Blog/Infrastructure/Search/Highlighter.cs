using System.Text;

namespace Intranet.Blog.Infrastructure.Search;

/// A piece of text, marked when it is a word that was searched for. Views write Text escaped, inside <mark> when
/// Marked, so an excerpt is safe HTML built from text, never cut out of stored HTML.
public sealed record TextSegment(string Text, bool Marked);

/// Marks the words of a text that the query found, by the index's own rules (SearchText): the same stem, a word
/// the searched word starts, a compound it ends. Engine-neutral.
public sealed class Highlighter
{
    private readonly List<(string Word, string Stem, int MinPrefix, bool StemPrefix)> _wanted;

    /// names: every word may be the start of one (as Fts5.NameMatch searches).
    public Highlighter(SearchQuery query, bool names = false)
    {
        _wanted = query.Wanted
            .SelectMany(t => t.Words.Select(w => (w, SearchText.Stem(w), t.MinPrefix(names), t.StemStarts(names))))
            .Distinct()
            .ToList();
    }

    public bool IsEmpty => _wanted.Count == 0;

    public bool Matches(string word)
    {
        var folded = SearchText.Fold(word);
        var stem = SearchText.Stem(folded);
        foreach (var (wanted, wantedStem, minPrefix, stemPrefix) in _wanted)
        {
            if (stem == wantedStem
                || (wanted.Length >= minPrefix && stem.StartsWith(wanted, StringComparison.Ordinal))
                // As Fts5 finds it: "maerchenbuc" typed, its stem "marchenbuc" starts "Märchenbuch".
                || (stemPrefix && wantedStem.Length >= minPrefix && stem.StartsWith(wantedStem, StringComparison.Ordinal))
                || (minPrefix != int.MaxValue && wantedStem.Length >= SearchText.MinPart && folded.Length >= SearchText.MinCompound
                    && (stem.EndsWith(wantedStem, StringComparison.Ordinal) || folded.EndsWith(wantedStem, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// The whole text, its matching words marked.
    public IReadOnlyList<TextSegment> Mark(string? text) => Segments(Normalize(text), 0, int.MaxValue);

    /// About length characters around the first matching word (the start of the text when none matches), cut at
    /// word boundaries, with "…" where text was left out.
    public IReadOnlyList<TextSegment> Excerpt(string? text, int length)
    {
        var normalized = Normalize(text);
        if (normalized.Length <= length)
        {
            return Segments(normalized, 0, normalized.Length);
        }

        var first = Words(normalized).FirstOrDefault(w => Matches(normalized.Substring(w.Start, w.Length)), (Start: 0, Length: 0));
        var start = Math.Max(0, first.Start - length / 4);
        while (start > 0 && !char.IsWhiteSpace(normalized[start - 1]))
        {
            start--;
        }

        var end = Math.Min(normalized.Length, start + length);
        while (end < normalized.Length && !char.IsWhiteSpace(normalized[end]))
        {
            end++;
        }

        var segments = new List<TextSegment>();
        if (start > 0)
        {
            segments.Add(new TextSegment("… ", false));
        }

        segments.AddRange(Segments(normalized, start, end));
        if (end < normalized.Length)
        {
            segments.Add(new TextSegment(" …", false));
        }

        return segments;
    }

    /// The distinct words of a text that match, as written there (the post page marks them in the browser).
    public IReadOnlyList<string> MatchingWords(string? text)
    {
        var normalized = Normalize(text);
        return Words(normalized).Select(w => normalized.Substring(w.Start, w.Length)).Distinct().Where(Matches).ToList();
    }

    private List<TextSegment> Segments(string text, int start, int end)
    {
        end = Math.Min(end, text.Length);
        var segments = new List<TextSegment>();
        var plain = start;
        foreach (var (wordStart, wordLength) in Words(text))
        {
            if (wordStart < start || wordStart + wordLength > end || !Matches(text.Substring(wordStart, wordLength)))
            {
                continue;
            }

            if (wordStart > plain)
            {
                segments.Add(new TextSegment(text[plain..wordStart], false));
            }

            segments.Add(new TextSegment(text.Substring(wordStart, wordLength), true));
            plain = wordStart + wordLength;
        }

        if (end > plain)
        {
            segments.Add(new TextSegment(text[plain..end], false));
        }

        return segments;
    }

    /// Runs of letters and digits, as SearchText.Words splits them.
    private static IEnumerable<(int Start, int Length)> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    // Composed, so that "ü" is one letter and not a "u" followed by a mark that would split the word.
    private static string Normalize(string? text) => (text ?? "").Normalize(NormalizationForm.FormC);
}
