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
            1 => char.ToUpperInvariant(parts[0][0]).ToString(),
            _ => $"{char.ToUpperInvariant(parts[0][0])}{char.ToUpperInvariant(parts[^1][0])}",
        };
    }

    /// One of eight colour classes, stable per person.
    public static string Hue(long personId) => "hue-" + (personId % 8);
}
