using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Infrastructure.Web;

/// Collects the field errors of one write. Text is trimmed, capped in UTF-16 code units as .NET counts them,
/// and refused when it holds characters that truncate strings (NUL) or make two names look alike
/// (bidi overrides and zero-width characters in single-line fields).
public sealed class FieldErrors(IStringLocalizer t)
{
    private readonly Dictionary<string, string> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyDictionary<string, string> All => _errors;

    public void Add(string field, string message) => _errors.TryAdd(field, message);

    public string Text(string field, string? value, int maxLength, bool singleLine = true, bool required = true)
    {
        var cleaned = (value ?? "").Trim();
        if (cleaned.Length == 0)
        {
            if (required)
            {
                Add(field, t["{0} is required.", t[field]]);
            }
        }
        else if (cleaned.Length > maxLength)
        {
            Add(field, t["{0} must be at most {1} characters.", t[field], maxLength]);
        }
        else if (cleaned.Any(c => c == '\0' || (singleLine && IsInvisibleOrOverride(c)) || (char.IsControl(c) && (singleLine || c is not ('\n' or '\r' or '\t')))))
        {
            Add(field, t["{0} contains unsupported control characters.", t[field]]);
        }

        return cleaned;
    }

    /// A new password, wherever one is chosen (the admin's form, a set-password link, the first admin, one's own change);
    /// returned as typed, never trimmed.
    public string Password(string field, string? value)
    {
        var password = value ?? "";
        if (password.Length < Auth.Passwords.MinLength)
        {
            Add(field, t["The password must be at least {0} characters long.", Auth.Passwords.MinLength]);
        }
        else if (password.Length > Auth.Passwords.MaxLength)
        {
            Add(field, t["{0} must be at most {1} characters.", t[field], Auth.Passwords.MaxLength]);
        }

        return password;
    }

    public void CopyTo(ModelStateDictionary modelState)
    {
        foreach (var (field, message) in _errors)
        {
            modelState.AddModelError(field, message);
        }
    }

    private static bool IsInvisibleOrOverride(char c) =>
        c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u2069') or '\uFEFF';
}
