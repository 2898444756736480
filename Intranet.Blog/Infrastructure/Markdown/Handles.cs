using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Intranet.Blog.Infrastructure.Markdown;

/// The spelling rules shared by @handles and #topics, so the composer, the extractor and the users table agree.
public static partial class Handles
{
    public const int MaxHandleLength = 40;
    public const int MaxTopicLength = 50;

    /// "Jürgen Müller-Lüdenscheidt" → "jürgen.müller.lüdenscheidt": letters and digits (umlauts included) kept,
    /// spaces and hyphens become dots, anything else is dropped. Never empty.
    public static string FromDisplayName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var handle = new StringBuilder(displayName.Length);
        foreach (var c in Fold(displayName))
        {
            if (IsWordChar(c))
            {
                handle.Append(c);
            }
            else if ((c is '-' or '.' || char.IsWhiteSpace(c)) && handle.Length > 0 && handle[^1] != '.')
            {
                handle.Append('.');
            }
        }

        var result = handle.ToString().Trim('.');
        if (result.Length > MaxHandleLength)
        {
            result = result[..MaxHandleLength].TrimEnd('.'); // only BMP letters are kept, so no surrogate is cut in half
        }

        return result.Length == 0 ? "person" : result;
    }

    /// A second person with the same name gets "anna.berger2", then "anna.berger3", …
    public static string WithSuffix(string handle, int n) => n <= 1 ? handle : handle + n.ToString(CultureInfo.InvariantCulture);

    /// Case and Unicode composition folded away, umlauts included: how names, handles and topics are compared.
    public static string Fold(string text) => text.Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// The identity of what follows "@": handles are stored in this form.
    public static string MentionKey(string typed) => Fold(typed);

    /// The identity of a topic (tags.key): "#Übergabe" and "#übergabe" are one topic.
    public static string TopicKey(string name) => Fold(name);

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// IsWordChar as a regular-expression class (letters, decimal digits, combining marks); a test holds the two equal.
    public const string WordClass = @"\p{L}\p{Nd}\p{M}";

    /// What glues an "@" or "#" to the word before it, so it starts no mention or topic: "anna@example.org", "C#",
    /// "Seite#3", "&#…". The extractor asks IsGluedToPrevious; the browser's @-suggestions get the same class.
    public const string GlueClass = WordClass + @"._\-+&@#/\\";

    /// The "@handle" being typed at the end of a text, for the browser's suggestions (JavaScript, flag "u"): "@" at the
    /// start or after a character that does not glue, then handle characters. Handed over in the page rules.
    public const string MentionFragmentPattern = "(?:^|[^" + GlueClass + "])@([" + WordClass + ".]*)$";

    public static bool IsGluedToPrevious(char c) => Glue().IsMatch(new ReadOnlySpan<char>(in c));

    [GeneratedRegex("[" + GlueClass + "]")]
    private static partial Regex Glue();

    /// Zero-width and bidi-control characters (Unicode category Cf) are invisible, so "#Betriebs\u200Brat" would
    /// look like "#Betriebsrat" and yet be another topic; inside a handle or topic they are dropped.
    public static bool IsInvisible(char c) => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
