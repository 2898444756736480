using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;

namespace Intranet.Blog.Features.Posts;

/// Who may change a post. Posts stay their authors' own (admins hide, never delete them). Guides are shared documents
/// of their department: their owner, the department's curators (influencers, head) and admins edit and delete them,
/// whoever wrote them first.
public sealed class PostRights(CurationRights rights)
{
    public async Task<bool> MayEditAsync(Viewer viewer, PostRow post, CancellationToken ct) =>
        post.IsGuide
            ? post.OwnerId == viewer.Id || (post.DepartmentId is { } d ? await rights.MayCurateAsync(viewer, d, ct) : viewer.IsAdmin)
            : post.AuthorId == viewer.Id;

    public async Task<bool> MayDeleteAsync(Viewer viewer, PostRow post, CancellationToken ct) =>
        post.IsGuide ? await MayEditAsync(viewer, post, ct) : viewer.CanChange(post.AuthorId);
}
