using System.Globalization;
using System.Net;
using System.Text;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Intranet.Blog.Infrastructure.Search;

/// How search reads German (and English) text: the one folding rule and the one word rule for everything that is
/// searched, posts and comments as much as names. Engine-neutral: the SQLite index calls it through SQL functions
/// (SqliteSearchFunctions), and the query side, the excerpts and the highlighting use the same methods, so what is
/// found and what is marked always agree.
///
/// A word is indexed three ways; GermanSearchCorpusTests prints the recall this reaches on the German corpus:
/// - its stem (Snowball German2): "Anleitungen" → "anleit" = "Anleitung", "Häuser" → "haus" = "Haus", and the
///   umlaut spellings "Müller", "Mueller", "Muller" all → "mull";
/// - the start of a compound is found by a prefix of the folded word among the heads of stems (Parts): "Urlaub"
///   finds "Urlaubsantrag";
/// - the end of a compound (in German the head: "Urlaubsantrag" is an Antrag) by the reversed stem of long words
///   (Parts), which a prefix query of the reversed stem finds: "Anträge" → "antrag" finds "Urlaubsanträge".
public static class SearchText
{
    /// Stored with the index (search_state.analyzer). Raise it with any change to what Fold, Words, Stem or Parts
    /// return, and the index is built again at the next start (SearchIndexBuild).
    public const int Version = 3;

    /// A word this long or longer also finds the words it starts ("Haus" → "Hausordnung"); shorter ones ("Rat",
    /// "Art") only themselves, or they would find half the dictionary ("Art" → "Artikel").
    public const int MinPrefix = 4;

    /// The shortest stem that finds compounds ending in it ("Antrag" → "Urlaubsantrag"). Four letters found
    /// "Sekunde" for "Kunde"; five keep the heads people search for ("Antrag", "Reise", "Plan" stays exact).
    public const int MinPart = 5;

    /// Words whose stem is at least this long are indexed as possible compounds (a part plus at least three letters).
    public const int MinCompound = MinPart + 3;

    /// Longer runs of letters are no words anyone searches for (hashes, base64); they are cut, not dropped.
    public const int MaxWord = 60;

    /// "Straße" → "strasse", "Ärger" → "arger", "Café" → "cafe": Unicode composition, case and accents folded
    /// away, ß → ss. (The ae/oe/ue spellings are the stemmer's part: only it knows that "Feuer" is not "Fuer".)
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark:
                    continue;
            }

            switch (c)
            {
                case 'ß' or 'ẞ': folded.Append("ss"); break;
                case 'æ' or 'Æ': folded.Append("ae"); break;
                case 'œ' or 'Œ': folded.Append("oe"); break;
                case 'ø' or 'Ø': folded.Append('o'); break;
                case 'ł' or 'Ł': folded.Append('l'); break;
                case 'đ' or 'Đ': folded.Append('d'); break;
                default: folded.Append(char.ToLowerInvariant(c)); break;
            }
        }

        return folded.ToString();
    }

    /// The folded words of a text, in order: runs of letters and digits. Everything else separates words, so
    /// "Urlaubs-Antrag" is two words and punctuation is never a word.
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && IsWordChar(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded.Substring(start, Math.Min(i - start, MaxWord)));
                start = -1;
            }
        }

        return words;
    }

    // Surrogate pairs (emoji, rare scripts) are not letters to char.IsLetterOrDigit; they separate words.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    [ThreadStatic]
    private static German2Stemmer? _stemmer;

    /// The stem of one folded word (from Words). The Snowball program is not thread-safe, so each thread has its own.
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var stemmer = _stemmer ??= new German2Stemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    /// What the index holds for a text: the stems of its words, in order, separated by spaces (phrases match on them).
    public static string Terms(string? text) => string.Join(' ', Words(text).Select(Stem));

    /// The reversed stems and words of the text's long words: a prefix query of a reversed stem finds the compounds it
    /// ends. Both, because the stemmer cuts a suffix only far enough from the start: "Sicherheitsschulung" loses its
    /// "ung", "Schulung" keeps it, and only the word "sicherheitsschulung" ends in the stem "schulung".
    /// Each without its first letter, so that only longer words end in a query's stem: the word itself is found by its
    /// stem, and FTS5 collects a prefix's whole hit list before a LIMIT can stop it, so "Sommerfest" also matching
    /// every plain "Sommerfest" here cost a fresh search on the large data as much as all the rest of it.
    ///
    /// And the heads of the stems longer than MinPrefix, each marked by Head and without its last letter, so that a
    /// prefix query of Head and a finished word finds only the longer words it starts ("urlaub" finds "urlaubsantrag"
    /// but not "urlaub" itself, which its stem finds): the same query on the stems themselves also collected every
    /// plain "Urlaub", and cost a fresh search as much as all the rest of it (bench/README.md).
    public static string Parts(string? text)
    {
        // Each word stemmed once: the index's views call this for every post and comment written.
        var stemmed = Words(text).Where(w => w.Length > MinPrefix).Select(w => (Word: w, Stem: Stem(w))).ToList();
        var ends = stemmed.Where(s => s.Word.Length >= MinCompound).SelectMany(s => new[] { s.Stem, s.Word })
            .Where(s => s.Length >= MinCompound).Distinct().Select(s => Reverse(s[1..]));
        var heads = stemmed.Select(s => s.Stem).Where(s => s.Length > MinPrefix).Distinct().Select(s => Head + s[..^1]);
        return string.Join(' ', ends.Concat(heads));
    }

    /// Marks a head in the parts column: a private-use character, which FTS5's unicode61 tokenizer keeps in a token
    /// (its default categories are letters, numbers and private use) and Words never returns, so no reversed end of a
    /// compound can start with it.
    public const char Head = '\uE000';

    public static string Reverse(string word)
    {
        var chars = word.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    /// The text of HTML the Markdown renderer made: tags become spaces where they separate blocks or cells, entities
    /// are decoded. Used for indexing and excerpts, which are built from this text and escaped again when shown.
    public static string HtmlText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var open = html.IndexOf('<', i);
            var end = open < 0 ? html.Length : open;
            if (end > i)
            {
                text.Append(WebUtility.HtmlDecode(html[i..end]));
            }

            if (open < 0)
            {
                break;
            }

            var close = html.IndexOf('>', open);
            if (close < 0)
            {
                break;
            }

            if (SeparatesWords(html.AsSpan(open + 1, close - open - 1)) && text.Length > 0 && text[^1] != ' ')
            {
                text.Append(' ');
            }

            i = close + 1;
        }

        return text.ToString().Trim();
    }

    private static readonly string[] InlineTags = ["a", "strong", "em", "code", "del", "s", "mark", "sub", "sup", "span", "b", "i", "u"];

    // "Ur<em>laub</em>" is one word; "</p><p>" and "<br>" end one.
    private static bool SeparatesWords(ReadOnlySpan<char> tag)
    {
        var name = tag.TrimStart('/');
        var length = 0;
        while (length < name.Length && char.IsAsciiLetterOrDigit(name[length]))
        {
            length++;
        }

        var tagName = name[..length];
        foreach (var inline in InlineTags)
        {
            if (tagName.Equals(inline, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
