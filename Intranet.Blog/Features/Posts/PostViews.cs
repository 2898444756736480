using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

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

    /// The counts and the viewer's own reactions as one comparable value, for RenderedFragments keys.
    public string Key => string.Join(',', Counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"))
        + '|' + string.Join(',', Mine.Order(StringComparer.Ordinal));

    /// What a viewer's relation to an author changes on a card or comment: nothing (a live fragment), the author's
    /// own controls, someone else's who may moderate, or a reader's.
    public static int Role(Viewer? viewer, long authorId) =>
        viewer is null ? 0 : viewer.Id == authorId ? 1 : viewer.CanChange(authorId) ? 2 : 3;
}

public sealed record PostCardView(PostRow Post, ReactionBar Reactions, Viewer? Viewer)
{
    /// Everything _PostCard.cshtml shows besides the culture, for RenderedFragments: the row (a record, compared
    /// field by field), the reactions, the viewer's relation to the author and the relative time as text.
    public object RenderKey(DateTimeOffset now, IStringLocalizer t) =>
        (Post, Reactions.Key, ReactionBar.Role(Viewer, Post.AuthorId), TimeText.Relative(Post.CreatedAt, now, t));
}

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
