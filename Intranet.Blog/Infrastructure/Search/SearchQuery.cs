using System.Globalization;

namespace Intranet.Blog.Infrastructure.Search;

/// One thing to find: a typed word (several index words when it had a hyphen: "E-Mail"), or a quoted phrase.
/// Words are folded (SearchText.Words). Prefix: the last word is still being typed (suggestions).
public sealed record SearchTerm(IReadOnlyList<string> Words, bool Quoted = false, bool Prefix = false)
{
    /// The shortest word that also finds the words it starts (int.MaxValue for a quoted term: none). names: people,
    /// topics and departments, whose every word may be typed in part. Fts5 searches by it and Highlighter marks by it.
    public int MinPrefix(bool names) => Quoted ? int.MaxValue : names ? 1 : Prefix ? 3 : SearchText.MinPrefix;

    /// Whether the stem of what is typed so far is a start too: "Muel" as the start of "Mueller" (stem "mull").
    public bool StemStarts(bool names) => !Quoted && (names || Prefix);
}

/// What someone typed, understood. Engine-neutral: Fts5 turns it into a MATCH expression for SQLite.
/// All: every group must match, a group when one of its terms does ("a b OR c" is a AND (b OR c)).
/// None: terms after a minus. Filters and Problems keep what the operators said and what could not be understood.
public sealed record SearchQuery
{
    public IReadOnlyList<IReadOnlyList<SearchTerm>> All { get; init; } = [];
    public IReadOnlyList<SearchTerm> None { get; init; } = [];
    public SearchFilters Filters { get; init; } = new();

    /// Values that were not understood (a date that is none), as "operator:value"; they are left out, never fail.
    public IReadOnlyList<string> Ignored { get; init; } = [];

    public bool HasTerms => All.Count > 0;

    /// The words to look for, for highlighting: everything but the excluded terms.
    public IEnumerable<SearchTerm> Wanted => All.SelectMany(g => g);

    public static SearchQuery Parse(string? text) => SearchQueryParser.Parse(text, prefixLast: false);

    /// As someone types: the last word counts as the start of a word.
    public static SearchQuery ParseTyping(string? text) => SearchQueryParser.Parse(text, prefixLast: true);
}

/// The operators' values as typed (resolved to people, departments and topics by the search service).
public sealed record SearchFilters
{
    public string? From { get; init; }
    public string? Department { get; init; }
    public string? Topic { get; init; }
    public string? Kind { get; init; }
    public DateOnly? Since { get; init; }
    public DateOnly? Until { get; init; }
}

/// The query language: "exact phrase", -word, a OR b, word* (its start), von:handle, abteilung:Name, thema:tag,
/// art:artikel|kurz|anleitung|kommentar|person, seit:2026-01-01, bis:… (English names too). Never throws: whatever
/// is not understood is searched as words, and punctuation alone is nothing to search.
internal static class SearchQueryParser
{
    public const int MaxLength = 500;
    public const int MaxTerms = 16;

    private static readonly Dictionary<string, string> Operators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["von"] = "from", ["from"] = "from",
        ["abteilung"] = "department", ["department"] = "department",
        ["thema"] = "topic", ["topic"] = "topic",
        ["art"] = "kind", ["kind"] = "kind",
        ["seit"] = "since", ["since"] = "since", ["ab"] = "since",
        ["bis"] = "until", ["until"] = "until",
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy", "yyyy-MM", "yyyy"];

    public static SearchQuery Parse(string? text, bool prefixLast)
    {
        var input = (text ?? "").Length > MaxLength ? text![..MaxLength] : text ?? "";
        var groups = new List<List<SearchTerm>>();
        var none = new List<SearchTerm>();
        var filters = new SearchFilters();
        var ignored = new List<string>();
        var pendingOr = false;
        var tokens = Tokens(input);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.Quoted && token.Text == "OR")
            {
                pendingOr = groups.Count > 0;
                continue;
            }

            if (!token.Quoted && !token.Negated && token.Operator is { } op)
            {
                filters = Apply(filters, op, token.Named!, token.Text, ignored);
                continue;
            }

            var words = SearchText.Words(token.Text);
            if (words.Count == 0 || groups.Sum(g => g.Count) + none.Count >= MaxTerms)
            {
                continue;
            }

            // "urlaub*" asks for the start of a word anywhere, as the last word being typed is one.
            var starred = !token.Quoted && token.Text.EndsWith('*');
            var last = prefixLast && i == tokens.Count - 1 && !token.Quoted && !token.Closed;
            var term = new SearchTerm(words, token.Quoted, last || starred);
            if (token.Negated)
            {
                none.Add(term);
            }
            else if (pendingOr)
            {
                groups[^1].Add(term);
            }
            else
            {
                groups.Add([term]);
            }

            pendingOr = false;
        }

        return new SearchQuery { All = groups, None = none, Filters = filters, Ignored = ignored };
    }

    /// op: the operator's own name (since), named: as typed (seit), which a note about its value quotes.
    private static SearchFilters Apply(SearchFilters filters, string op, string named, string value, List<string> ignored)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            return filters;
        }

        switch (op)
        {
            case "from": return filters with { From = trimmed.TrimStart('@') };
            case "department": return filters with { Department = trimmed };
            case "topic": return filters with { Topic = trimmed.TrimStart('#') };
            case "kind": return filters with { Kind = trimmed };
            case "since" or "until":
                if (ParseDate(trimmed) is { } date)
                {
                    return op == "since" ? filters with { Since = date } : filters with { Until = date };
                }

                ignored.Add($"{named}:{trimmed}");
                return filters;
            default: return filters;
        }
    }

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private sealed record Token(string Text, bool Quoted, bool Negated, string? Operator, bool Closed, string? Named);

    /// Splits at spaces, keeping "quoted phrases" (an unclosed quote runs to the end) and op:"quoted values".
    private static List<Token> Tokens(string input)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < input.Length)
        {
            if (char.IsWhiteSpace(input[i]))
            {
                i++;
                continue;
            }

            var negated = false;
            if (input[i] == '-' && i + 1 < input.Length && !char.IsWhiteSpace(input[i + 1]))
            {
                negated = true;
                i++;
            }

            string? op = null;
            string? named = null;
            var colon = OperatorEnd(input, i);
            if (colon > i && Operators.TryGetValue(input[i..colon], out var known))
            {
                op = known;
                named = input[i..colon];
                i = colon + 1;
            }

            if (i < input.Length && input[i] == '"')
            {
                var close = input.IndexOf('"', i + 1);
                var end = close < 0 ? input.Length : close;
                tokens.Add(new Token(input[(i + 1)..end], Quoted: op is null, negated, op, Closed: close >= 0, named));
                i = close < 0 ? input.Length : close + 1;
                continue;
            }

            var start = i;
            while (i < input.Length && !char.IsWhiteSpace(input[i]))
            {
                i++;
            }

            // The trailing space tells that the last word is complete (suggestions stop treating it as a prefix).
            tokens.Add(new Token(input[start..i], Quoted: false, negated, op, Closed: i < input.Length, named));
        }

        return tokens;
    }

    /// The index of the colon of "name:" at start, or -1.
    private static int OperatorEnd(string input, int start)
    {
        for (var i = start; i < input.Length && i - start <= 10; i++)
        {
            if (input[i] == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetter(input[i]))
            {
                return -1;
            }
        }

        return -1;
    }
}
