using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Reactions;

namespace Intranet.Blog.Features.Posts;

/// The person looking at a page. Null in live fragments, which are rendered once for every viewer:
/// per-viewer bits are then applied in the browser from data attributes.
public sealed record Viewer(long Id, bool IsAdmin)
{
    public bool CanChange(long authorId) => Id == authorId || IsAdmin;
}

public sealed record ReactionBar(long PostId, long? CommentId, IReadOnlyDictionary<string, int> Counts, IReadOnlySet<string> Mine)
{
    public static ReactionBar From(long postId, long? commentId, IEnumerable<ReactionCount> counts, IEnumerable<ReactionCount> mine) => new(
        postId, commentId,
        counts.Where(c => c.PostId == postId && c.CommentId == commentId).ToDictionary(c => c.Kind, c => c.Count),
        mine.Where(c => c.PostId == postId && c.CommentId == commentId).Select(c => c.Kind).ToHashSet());

    public int Total => Counts.Values.Sum();
}

public sealed record PostCardView(PostRow Post, ReactionBar Reactions, Viewer? Viewer);

public sealed record PostInput
{
    public string Kind { get; init; } = PostKinds.Micro;
    public string? Title { get; init; }
    public string? Body { get; init; }
    public long? DepartmentId { get; init; }
    public string? Preview { get; init; }
}

public sealed record PostEditorView(long? Id, PostInput Input, IReadOnlyList<Department> Departments, string? PreviewHtml);

public static class ViewerExtensions
{
    public static Viewer AsViewer(this System.Security.Claims.ClaimsPrincipal user) => new(Infrastructure.Auth.CurrentUser.Id(user), Infrastructure.Auth.CurrentUser.IsAdmin(user));
}
