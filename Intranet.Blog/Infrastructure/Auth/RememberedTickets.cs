using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Auth;

/// The sign-in cookie is decrypted and deserialized on every request, a fifth of the cheapest signed-in page. The
/// same cookie always decrypts to the same ticket, so the ticket of a cookie seen in the last minutes is kept and a
/// copy handed out. Nothing the cookie handler checks afterwards changes: its expiry, and the session check against
/// the database (SessionCheck), which is what ends a session that was deactivated or whose role or password changed.
/// Signing out only deletes the browser's cookie and changes no stamp: a copy of the cookie taken before stays valid
/// until it expires, with or without this class.
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Read)> _read = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = clock.GetUtcNow();
        if (_read.TryGetValue(protectedText, out var read) && now - read.Read < Lifetime)
        {
            // A copy: the handler may renew or change the ticket it gets.
            return read.Ticket.Clone();
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            if (_read.Count >= Capacity)
            {
                // Expired entries go first; only a capacity of live ones (one person minting cookies) empties it.
                foreach (var old in _read.Where(e => now - e.Value.Read >= Lifetime).Select(e => e.Key).ToList())
                {
                    _read.TryRemove(old, out _);
                }

                if (_read.Count >= Capacity)
                {
                    _read.Clear();
                }
            }

            _read[protectedText] = (ticket.Clone(), now);
        }

        return ticket;
    }

    /// Runs after the framework has made the cookie's ticket format from the data-protection keys.
    public sealed class Setup(TimeProvider clock) : IPostConfigureOptions<CookieAuthenticationOptions>
    {
        public void PostConfigure(string? name, CookieAuthenticationOptions options)
        {
            if (options.TicketDataFormat is not RememberedTickets)
            {
                options.TicketDataFormat = new RememberedTickets(options.TicketDataFormat, clock);
            }
        }
    }
}
