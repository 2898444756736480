using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Auth;

/// ASP.NET Core's PasswordHasher: PBKDF2-HMAC-SHA512 at OWASP's current 210,000 iterations; older hashes are
/// re-hashed at the next sign-in. The user object is not used by the algorithm.
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = 210_000 }));
    private static readonly object Nobody = new();

    public const int MinLength = 4;
    public const int MaxLength = 256;

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    /// Returns whether it matches, and a new hash when the stored one uses older parameters.
    public static (bool Ok, string? Rehash) Verify(string hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(Nobody, hash, password);
        return result switch
        {
            PasswordVerificationResult.Success => (true, null),
            PasswordVerificationResult.SuccessRehashNeeded => (true, Hash(password)),
            _ => (false, null),
        };
    }
}
