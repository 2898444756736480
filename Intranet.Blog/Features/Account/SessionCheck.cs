using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Intranet.Blog.Features.Account;

/// A deactivated person, or one whose role or password changed, loses the old cookie on the very next request:
/// those changes rotate the security stamp the cookie carries. A cookie whose session was signed out is refused too,
/// wherever a copy of it turns up.
public static class SessionCheck
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.IdOrNull();
        var stamp = context.Principal?.FindFirst(CurrentUser.StampClaim)?.Value;
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var session = id is { } userId ? await accounts.GetSessionAsync(userId, context.Principal!.SessionId(), context.HttpContext.RequestAborted) : null;
        if (session is null || !session.IsActive || session.SecurityStamp != stamp || session.Ended)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
