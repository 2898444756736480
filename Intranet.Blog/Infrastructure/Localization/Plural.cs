using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Localization;

/// The one way the app says a count, on the server and in the browser. A counted text is a resource whose value
/// lists its forms ICU-style, "=0 {keine Kommentare} one {1 Kommentar} other {{0} Kommentare}": an exact "=n" form
/// wins, then the language's plural category, then "other". German and English have the same two categories
/// (CLDR: "one" is exactly 1, everything else "other"); a language with other rules adds its case to Category.
/// The key stays the English text with {0} for the count, like every other resource.
public static class PluralText
{
    /// The text for this count in the current UI culture; {0} is the count, {1}… are further arguments.
    public static string Plural(this IStringLocalizer t, string key, long count, params object[] more)
    {
        var counted = Parsed.GetOrAdd(t[key].Value, value => new Counted(Forms(value)));
        var form = counted.Exact.GetValueOrDefault(count) ?? counted.Forms.GetValueOrDefault(Category(count)) ?? counted.Forms["other"];
        return more.Length == 0
            ? string.Format(CultureInfo.CurrentCulture, form, count)
            : string.Format(CultureInfo.CurrentCulture, form, [count, .. more]);
    }

    /// The forms for the browser (data-plural), as exact counts and "other" only, so the browser needs no plural rule
    /// of its own: plural() in rules.js takes "=n" if present, else "other", and puts the count in for {0}.
    public static string BrowserForms(this IStringLocalizer t, string key) =>
        Parsed.GetOrAdd(t[key].Value, value => new Counted(Forms(value))).Browser;

    // A resource's value is parsed once, and its browser forms written once: the departments page says "{0} people"
    // once per department, and every page's bell carries its forms. Only resource values are keys, so the dictionary
    // is as large as the resource files.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counted> Parsed = new(StringComparer.Ordinal);

    private sealed class Counted
    {
        public Counted(IReadOnlyDictionary<string, string> forms)
        {
            Forms = forms;
            // Only "=n" as the count would be written: the key is compared with "=" + count as text.
            foreach (var (selector, text) in forms)
            {
                if (selector.StartsWith('=') && long.TryParse(selector.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    && selector[1..] == n.ToString(CultureInfo.InvariantCulture))
                {
                    Exact[n] = text;
                }
            }

            var browser = forms.Where(f => f.Key.StartsWith('=')).ToDictionary();
            // "one" is exactly 1 in every language Category knows, so it travels as "=1".
            if (forms.TryGetValue("one", out var one))
            {
                browser.TryAdd("=1", one);
            }

            browser["other"] = forms["other"];
            Browser = JsonSerializer.Serialize(browser);
        }

        public IReadOnlyDictionary<string, string> Forms { get; }

        public Dictionary<long, string> Exact { get; } = [];

        public string Browser { get; }
    }

    /// The app speaks de and en, whose CLDR rule is "one" for exactly 1 (counts are whole numbers, so the rule for
    /// fractions never applies). A third language with other categories adds its rule here.
    public static string Category(long count) => count == 1 ? "one" : "other";

    /// "=0 {…} one {…} other {…}" → selector → text; a value without that shape is its own "other" form, so a key
    /// that is missing from a resource file still shows its English text.
    public static IReadOnlyDictionary<string, string> Forms(string value)
    {
        var forms = new Dictionary<string, string>();
        var i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            var open = value.IndexOf('{', i);
            if (i == value.Length || open < 0)
            {
                break;
            }

            var selector = value[i..open].Trim();
            var close = MatchingBrace(value, open);
            if (selector.Length == 0 || selector.Contains(' ', StringComparison.Ordinal) || close < 0)
            {
                return new Dictionary<string, string> { ["other"] = value };
            }

            forms[selector] = value[(open + 1)..close];
            i = close + 1;
        }

        return forms.ContainsKey("other") ? forms : new Dictionary<string, string> { ["other"] = value };
    }

    private static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
