using System.Security.Cryptography;
using System.Text;

namespace Intranet.Blog.Infrastructure.Auth;

/// Random tokens that work like passwords (one-time links, anonymous questions, feed addresses): made from the
/// system's random source, shown once or kept encrypted, stored only as their SHA-256 hash.
public static class SecretTokens
{
    /// A URL-safe token of the given number of random bytes.
    public static string New(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// Whether the text could be a token of that many bytes: a cheap refusal before any hashing or query.
    public static bool IsWellFormed([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? token, int bytes) =>
        token is not null && token.Length == (bytes * 4 + 2) / 3 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
