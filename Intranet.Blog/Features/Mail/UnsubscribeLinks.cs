using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Intranet.Blog.Features.Mail;

/// The one-click address in a mail: signed with the app's data-protection keys, naming one person and one kind of
/// mail, valid for a year. It can switch that kind off and nothing else; it signs nobody in.
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(365);

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Intranet.Blog.Mail.Unsubscribe.v1").ToTimeLimitedDataProtector();

    // Data protection's own clock is the system's; the expiry is written from the injected clock.
    public string Token(long userId, string kind) =>
        _protector.Protect($"{userId}:{kind}", clock.GetUtcNow() + ValidFor);

    public Uri Link(Uri baseUri, long userId, string kind) => new(baseUri, "mail/unsubscribe?token=" + Uri.EscapeDataString(Token(userId, kind)));

    /// The person and kind a token names, or null when it is forged, altered, expired or not a token at all.
    public (long UserId, string Kind)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var text = _protector.Unprotect(token, out var expiration);
            if (expiration < clock.GetUtcNow())
            {
                return null;
            }

            var parts = text.Split(':');
            return parts.Length == 2 && long.TryParse(parts[0], out var userId) && MailKinds.CanUnsubscribe(parts[1]) ? (userId, parts[1]) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
