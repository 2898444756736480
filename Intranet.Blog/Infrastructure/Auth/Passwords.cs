using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Auth;

/// ASP.NET Core's PasswordHasher: PBKDF2-HMAC-SHA512 at OWASP's current 210,000 iterations; older hashes are
/// re-hashed at the next sign-in. The user object is not used by the algorithm.
public static class Passwords
{
    public const int Iterations = 210_000;

    private static PasswordHasher<object> _hasher = HasherFor(Iterations);
    private static readonly object Nobody = new();

    /// The test run lowers the count once, before any app starts (its thousand sign-ins would otherwise spend minutes
    /// of CPU hashing), and the fixture that checks stored hashes restores it while it runs. The app never calls it.
    internal static void UseIterations(int iterations) => _hasher = HasherFor(iterations);

    private static PasswordHasher<object> HasherFor(int iterations) =>
        new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));

    public const int MinLength = 4;
    public const int MaxLength = 256;

    public static string Hash(string password) => _hasher.HashPassword(Nobody, password);

    /// Returns whether it matches, and a new hash when the stored one uses older parameters.
    public static (bool Ok, string? Rehash) Verify(string hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(Nobody, hash, password);
        return result switch
        {
            PasswordVerificationResult.Success => (true, null),
            PasswordVerificationResult.SuccessRehashNeeded => (true, Hash(password)),
            _ => (false, null),
        };
    }
}
