using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

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
