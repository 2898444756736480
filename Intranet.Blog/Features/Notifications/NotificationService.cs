using Intranet.Blog.Features.Follows;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Notifications;

/// Writes notifications inside the transaction of the change they report, so both commit or neither does.
/// Each method returns the people whose visible unread count changed; the caller passes them to
/// NotificationPusher.Enqueue after commit. The rules: never the actor, never a deactivated person, nothing for a kind switched off, and quiet
/// hours decide when an entry becomes visible.
public sealed class NotificationService(NotificationStore store, FollowStore follows, TimeProvider clock)
{
    /// A comment on a post: its author hears "commented on", and the author of the comment answered (if any) "replied to".
    public async Task<IReadOnlyList<long>> CommentedAsync(
        SqliteConnection connection, SqliteTransaction transaction, long actorId, long postId, long postAuthorId, long? repliedToId, long? repliedToAuthorId,
        IReadOnlyCollection<long>? toldAlready = null)
    {
        var changed = new List<long>();
        if (repliedToId is { } parentId && repliedToAuthorId is { } parentAuthor && toldAlready?.Contains(parentAuthor) != true)
        {
            changed.AddRange(await NotifyAsync(connection, transaction, NotificationKinds.Reply, actorId, postId, parentId, [parentAuthor]));
        }

        // The post's author who was answered directly already hears about it as a reply.
        if (postAuthorId != repliedToAuthorId && toldAlready?.Contains(postAuthorId) != true)
        {
            changed.AddRange(await NotifyAsync(connection, transaction, NotificationKinds.Comment, actorId, postId, null, [postAuthorId]));
        }

        return changed;
    }

    /// A reaction on a post (commentId null) or on a comment goes to the author of what was reacted to.
    public Task<IReadOnlyList<long>> ReactedAsync(SqliteConnection connection, SqliteTransaction transaction, long actorId, long postId, long? commentId, long authorId) =>
        NotifyAsync(connection, transaction, NotificationKinds.Reaction, actorId, postId, commentId, [authorId]);

    /// A new post goes to everyone following its author, its department or one of its topics, once each.
    public async Task<IReadOnlyList<long>> PostedAsync(
        SqliteConnection connection, SqliteTransaction transaction, long actorId, long postId, long? departmentId, IReadOnlyCollection<long>? toldAlready = null)
    {
        var followers = await follows.FollowersOfPostAsync(connection, transaction, postId, actorId, departmentId);
        return await NotifyAsync(connection, transaction, NotificationKinds.Post, actorId, postId, null, followers.Except(toldAlready ?? []).ToList());
    }

    /// People named with @ in a post (commentId null) or a comment. Pass the result to NotificationPusher.Enqueue after commit.
    public Task<IReadOnlyList<long>> MentionedAsync(
        SqliteConnection connection, SqliteTransaction transaction, long actorId, long postId, long? commentId, IReadOnlyCollection<long> userIds, CancellationToken ct) =>
        NotifyAsync(connection, transaction, NotificationKinds.Mention, actorId, postId, commentId, userIds);

    private async Task<IReadOnlyList<long>> NotifyAsync(
        SqliteConnection connection, SqliteTransaction transaction, string kind, long actorId, long postId, long? commentId, IEnumerable<long> recipients)
    {
        var ids = recipients.Where(id => id != actorId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var visibleNow = new List<long>();
        foreach (var (userId, settings) in await store.ActiveRecipientsAsync(connection, transaction, ids))
        {
            if (!settings.Wants(kind))
            {
                continue;
            }

            var visibleAt = WorkingHours.NextVisible(now, settings);
            await store.UpsertAsync(connection, transaction, new NewNotification(userId, kind, postId, commentId, actorId, now, visibleAt));
            if (visibleAt <= now)
            {
                visibleNow.Add(userId);
            }
        }

        return visibleNow;
    }
}
