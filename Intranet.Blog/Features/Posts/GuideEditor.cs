using System.Globalization;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

public sealed record GuideEditorResult(WriteStatus Status, PostEditorView? Editor = null);

/// Opens the guide editor: empty for a department, or pre-filled from a helpful comment with its author credited and
/// a link back to the conversation. Nothing is stored until the guide is saved.
public sealed class GuideEditor(PostService posts, DepartmentStore departments, CurationRights rights, TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public async Task<GuideEditorResult> NewAsync(Viewer viewer, long? department, long? fromComment, CancellationToken ct)
    {
        var all = await departments.ListAsync(ct);
        if (fromComment is not { } commentId)
        {
            return new(WriteStatus.Ok, new PostEditorView(null, new PostInput { Kind = PostKinds.Guide, DepartmentId = department }, all, null));
        }

        if (await posts.GuideSourceAsync(commentId, ct) is not { GuideId: null } source)
        {
            return new(WriteStatus.NotFound);
        }

        // Offered to curators only; the save checks the chosen department again.
        var curated = await rights.CuratedAsync(viewer, ct);
        if (curated.Count == 0)
        {
            return new(WriteStatus.Forbidden);
        }

        var input = new PostInput
        {
            Kind = PostKinds.Guide,
            DepartmentId = department is { } d && curated.Contains(d) ? d : all.FirstOrDefault(x => curated.Contains(x.Id))?.Id,
            Body = source.BodyMd + "\n\n---\n\n" + t["*From an answer by {0} in the conversation “{1}”.*", source.AuthorName,
                $"[{Escape(source.PostTitle)}](/posts/{source.PostId.ToString(CultureInfo.InvariantCulture)}#comment-{source.CommentId.ToString(CultureInfo.InvariantCulture)})"].Value,
            SourceCommentId = source.CommentId,
        };
        return new(WriteStatus.Ok, new PostEditorView(null, input, all, null, Source: source));
    }

    /// The source to show again when a guide made from a comment comes back with errors or as a preview.
    public async Task<GuideSource?> SourceOfAsync(PostInput input, CancellationToken ct) =>
        input.Kind == PostKinds.Guide && input.SourceCommentId is { } id ? await posts.GuideSourceAsync(id, ct) : null;

    /// The editor's review date: the guide's own, or when it is due already, six months from today.
    public string? ReviewDateFor(PostRow post)
    {
        if (!post.IsGuide)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var date = post.ReviewBy is { } due && due > now ? due : now.AddMonths(PostLimits.ReviewMonths);
        return date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    // The title goes into link text: brackets would end it early.
    private static string Escape(string text) => text.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
