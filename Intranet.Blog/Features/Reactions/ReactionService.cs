using System.Data.Common;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Reactions;

public sealed record ReactionResult(WriteStatus Status, ReactionBar? Bar = null);

public sealed class ReactionService(
    Database db, ReactionStore reactions, PostStore posts, CommentStore comments, EventStore events,
    NotificationService notifications, BellQueue bells)
{
    /// Sets one kind on, off, or (state null) toggles it. A change writes one event; a repeat of the same state writes none.
    public async Task<ReactionResult> ReactAsync(long userId, long postId, long? commentId, string kind, bool? state, CancellationToken ct)
    {
        if (!ReactionKinds.IsKnown(kind))
        {
            return new ReactionResult(WriteStatus.Invalid);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        if (await VisibleAuthorAsync(scope.Connection, scope.Transaction, postId, commentId, ct) is not { } reactedToAuthor)
        {
            return new ReactionResult(WriteStatus.NotFound);
        }

        var on = state ?? !await reactions.HasAsync(scope.Connection, scope.Transaction, postId, commentId, userId, kind);
        var changed = await reactions.SetAsync(scope.Connection, scope.Transaction, postId, commentId, userId, kind, on);
        IReadOnlyList<long> notified = [];
        if (changed)
        {
            await events.AppendAsync(scope, commentId is null ? EventKinds.PostReactions : EventKinds.CommentReactions, commentId ?? postId, postId, userId);
        }

        // Taking a reaction back does not take back the notification it caused.
        if (changed && on)
        {
            notified = await notifications.ReactedAsync(scope.Connection, scope.Transaction, userId, postId, commentId, reactedToAuthor);
        }

        var counts = await reactions.ThreadCountsAsync(scope.Connection, postId, ct, scope.Transaction);
        var mine = await reactions.ViewerThreadKindsAsync(scope.Connection, postId, userId, ct, scope.Transaction);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);

        return new ReactionResult(WriteStatus.Ok, ReactionBar.From(postId, commentId, counts, mine));
    }

    /// Whether readers can see the post (and the comment): who reacted to what they cannot see is not shown either.
    public async Task<bool> IsVisibleAsync(long postId, long? commentId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await VisibleAuthorAsync(connection, null, postId, commentId, ct) is not null;
    }

    /// The author of the post or comment reacted to, while readers can see it; null when they cannot.
    private async Task<long?> VisibleAuthorAsync(DbConnection connection, DbTransaction? transaction, long postId, long? commentId, CancellationToken ct)
    {
        var post = await posts.GetAsync(connection, postId, withSource: false, ct, transaction);
        if (post is not { IsListed: true })
        {
            return null;
        }

        if (commentId is not { } cid)
        {
            return post.AuthorId;
        }

        var comment = await comments.GetAsync(connection, cid, transaction);
        return comment is null || comment.DeletedAt is not null || comment.HiddenAt is not null || comment.PostId != postId ? null : comment.AuthorId;
    }
}
