using System.Globalization;
using System.Security.Claims;

namespace Intranet.Blog.Infrastructure.Auth;

public static class CurrentUser
{
    public const string StampClaim = "stamp";
    public const string LocaleClaim = "locale";
    public const string SessionClaim = "sid";

    /// The sign-in this cookie came from ("" for cookies issued before sessions had ids).
    public static string SessionId(this ClaimsPrincipal user) => user.FindFirstValue(SessionClaim) ?? "";

    public static long Id(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not signed in"), CultureInfo.InvariantCulture);

    public static long? IdOrNull(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id) ? id : null;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);
}
