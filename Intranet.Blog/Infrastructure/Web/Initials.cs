using System.Text;

namespace Intranet.Blog.Infrastructure.Web;

/// The generated avatar until people have photos: first letters of the first and last name.
public static class Initials
{
    public static string Of(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => "?",
            1 => First(parts[0]),
            _ => First(parts[0]) + First(parts[^1]),
        };
    }

    /// One Unicode scalar, not one UTF-16 char: half a surrogate pair would render as a replacement mark.
    /// A lone surrogate decodes to U+FFFD instead of throwing.
    private static string First(string part)
    {
        Rune.DecodeFromUtf16(part, out var rune, out _);
        return Rune.ToUpperInvariant(rune).ToString();
    }

    /// One of eight colour classes, stable per person.
    public static string Hue(long personId) => "hue-" + (personId % 8);
}
