using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;

namespace Intranet.Blog.Features.Posts;

/// Who may change a post. Posts stay their authors' own (admins hide, never delete them). Guides are shared documents
/// of their department: their owner, the department's curators (influencers, head) and admins edit and delete them,
/// whoever wrote them first. A released anonymous question carries the moderator's name but the asker's words:
/// nobody edits it, so nobody can put words in an anonymous person's mouth (it can still be deleted or hidden).
public sealed class PostRights(CurationRights rights)
{
    public async Task<bool> MayEditAsync(Viewer viewer, PostRow post, CancellationToken ct) =>
        post.IsGuide
            ? post.OwnerId == viewer.Id || (post.DepartmentId is { } d ? await rights.MayCurateAsync(viewer, d, ct) : viewer.IsAdmin)
            : post.AuthorId == viewer.Id && !post.Locked;

    public async Task<bool> MayDeleteAsync(Viewer viewer, PostRow post, CancellationToken ct) =>
        post.IsGuide ? await MayEditAsync(viewer, post, ct) : viewer.CanChange(post.AuthorId);
}
