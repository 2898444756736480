using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

public sealed record PostPageView(PostCardView Card, string BodyHtml, IReadOnlyList<CommentView> Comments, int CommentCount, long LastEventId);

/// The post page: the post, its whole conversation and all reaction counts in four queries.
public sealed class PostPageQuery(SqliteConnectionFactory db, PostStore posts, CommentStore comments, ReactionStore reactions, EventStore events, ReadCounter reads,
    NotificationStore notifications, NotificationPusher pusher, TimeProvider clock)
{
    public async Task<PostPageView?> GetAsync(Viewer viewer, long id, CancellationToken ct)
    {
        PostRow? post;
        IReadOnlyList<CommentRow> thread;
        IReadOnlyList<ReactionCount> counts, mine;
        long lastEventId;
        bool unread;
        var now = clock.GetUtcNow();
        await using (var connection = await db.OpenAsync(ct))
        {
            lastEventId = await events.LastIdAsync(connection, ct);
            post = await posts.GetAsync(connection, id, withSource: false, ct);
            if (post is null || post.DeletedAt is not null)
            {
                return null;
            }

            thread = await comments.ThreadAsync(connection, id, ct);
            counts = await reactions.ThreadCountsAsync(connection, id, ct);
            mine = await reactions.ViewerThreadKindsAsync(connection, id, viewer.Id, ct);
            unread = await notifications.HasUnreadForPostAsync(connection, viewer.Id, id, now, ct);
        }

        if (post.AuthorId != viewer.Id)
        {
            await reads.RecordAsync(viewer.Id, [id], ct);
        }

        // Opening the post reads what the viewer was notified about it.
        if (unread && await notifications.MarkPostReadAsync(viewer.Id, id, now, ct))
        {
            pusher.Enqueue([viewer.Id]);
        }

        var card = new PostCardView(post, ReactionBar.From(id, null, counts, mine), viewer);
        return new PostPageView(card, post.BodyHtml, CommentView.Thread(thread, counts, mine, viewer), thread.Count(c => c.DeletedAt is null), lastEventId);
    }

    /// One card or one comment as the writer sees it right after writing, for the script that shows it at once.
    public async Task<PostCardView?> CardAsync(Viewer viewer, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var post = await posts.GetAsync(connection, id, withSource: false, ct);
        return post is null ? null : new PostCardView(post, ReactionBar.From(id, null, await reactions.PostCountsAsync(connection, [id], ct), []), viewer);
    }

    public async Task<CommentView?> CommentAsync(Viewer viewer, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var comment = await comments.GetAsync(connection, id);
        return comment is null ? null : new CommentView(comment, ReactionBar.From(comment.PostId, id, [], []), viewer, []);
    }
}
