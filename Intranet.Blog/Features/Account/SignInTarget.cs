using Intranet.Blog.Features.Guidelines;

namespace Intranet.Blog.Features.Account;

/// Where a person goes once signed in, whichever way they signed in.
public static class SignInTarget
{
    /// Guidelines not yet accepted (a first sign-in, or a new version) come first, then where the person was going.
    /// safeReturn is already a local address.
    public static async Task<string> ForAsync(GuidelineStore guidelines, long personId, string safeReturn, CancellationToken ct) =>
        await guidelines.PendingAsync(personId, ct) ? "/guidelines?returnUrl=" + Uri.EscapeDataString(safeReturn) : safeReturn;
}
