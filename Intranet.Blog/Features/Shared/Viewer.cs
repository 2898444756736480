using System.Security.Claims;
using Intranet.Blog.Infrastructure.Auth;

namespace Intranet.Blog.Features.Shared;

/// The person looking at a page. Null in live fragments, which are rendered once for every viewer:
/// per-viewer bits are then applied in the browser from data attributes. IsExecutive: may pin to the company feed.
public sealed record Viewer(long Id, bool IsAdmin, bool IsExecutive = false)
{
    /// Posts and comments are their authors' own: only they edit or delete them.
    public bool CanChange(long authorId) => Id == authorId;

    /// Admins moderate other people's words: they hide them with a reason, never change or delete them.
    public bool MayModerate(long authorId) => IsAdmin && Id != authorId;
}

public static class ViewerExtensions
{
    public static Viewer AsViewer(this ClaimsPrincipal user) => new(user.Id(), user.IsAdmin(), user.IsInRole(Roles.Executive));
}
