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
    private readonly ShortMemory<string, AuthenticationTicket> _read = new(TimeSpan.FromMinutes(10), 10_000, clock);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (_read.TryGet(protectedText, out var read))
        {
            // A copy: the handler may renew or change the ticket it gets.
            return read.Clone();
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            _read.Remember(protectedText, ticket.Clone());
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
