using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Feed;

public sealed record FeedPage(IReadOnlyList<PostCardView> Cards, long? NextBefore, long LastEventId);

/// A feed page is a fixed number of queries whatever its length: the posts, their reaction counts,
/// the viewer's own reactions, and which microposts the viewer has already been shown.
public sealed class FeedQuery(SqliteConnectionFactory db, PostStore posts, ReactionStore reactions, EventStore events, ReadCounter reads)
{
    public async Task<FeedPage> PageAsync(Viewer viewer, FeedFilter filter, long? before, CancellationToken ct)
    {
        IReadOnlyList<PostRow> rows;
        IReadOnlyList<ReactionCount> counts, mine;
        long lastEventId;
        await using (var connection = await db.OpenAsync(ct))
        {
            lastEventId = await events.LastIdAsync(connection, ct);
            rows = await posts.PageAsync(connection, filter, before ?? long.MaxValue, PostLimits.PageSize + 1, ct);
            var ids = rows.Take(PostLimits.PageSize).Select(p => p.Id).ToList();
            counts = ids.Count == 0 ? [] : await reactions.PostCountsAsync(connection, ids, ct);
            mine = ids.Count == 0 ? [] : await reactions.ViewerPostKindsAsync(connection, ids, viewer.Id, ct);
        }

        var page = rows.Take(PostLimits.PageSize).ToList();
        // A micropost is read when it is shown; articles count when opened.
        await reads.RecordAsync(viewer.Id, page.Where(p => p.Kind == PostKinds.Micro && p.AuthorId != viewer.Id).Select(p => p.Id).ToList(), ct);
        var cards = page.Select(p => new PostCardView(p, ReactionBar.From(p.Id, null, counts, mine), viewer)).ToList();
        return new FeedPage(cards, rows.Count > PostLimits.PageSize ? page[^1].Id : null, lastEventId);
    }
}
