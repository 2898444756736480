using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// The history page: every version, and the word by word differences between two of them (by default the one
/// before the current and the current). From and To are version numbers; unknown ones fall back to the defaults.
public sealed record PostHistoryView(PostRow Post, IReadOnlyList<PostVersion> Versions, PostVersion? From, PostVersion To, IReadOnlyList<DiffPart> TitleDiff, IReadOnlyList<DiffPart> BodyDiff);

public sealed class PostHistoryQuery(Database db, PostStore posts, PostVersionStore versions)
{
    /// Null when the viewer may not see the post (it does not exist, was deleted, or is hidden from them).
    public async Task<PostHistoryView?> GetAsync(Shared.Viewer viewer, long id, int? from, int? to, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var post = await posts.GetAsync(connection, id, withSource: false, ct);
        if (post is null || !post.IsVisibleTo(viewer))
        {
            return null;
        }

        var all = await versions.HistoryAsync(connection, id, ct);
        var newer = all.FirstOrDefault(v => v.Number == to) ?? all[^1];
        var older = all.FirstOrDefault(v => v.Number == from && v.Number != newer.Number) ?? all.LastOrDefault(v => v.Number < newer.Number);
        return older is null
            ? new PostHistoryView(post, all, null, newer, [], [])
            : new PostHistoryView(post, all, older, newer, WordDiff.Between(older.Title, newer.Title), WordDiff.Between(older.BodyMd, newer.BodyMd));
    }
}
