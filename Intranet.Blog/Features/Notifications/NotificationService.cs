using System.Data.Common;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Topics;

namespace Intranet.Blog.Features.Notifications;

/// Writes notifications inside the transaction of the change they report, so both commit or neither does.
/// Each method returns the people whose visible unread count changed; the caller passes them to
/// BellQueue.Enqueue after commit. The rules: never the actor, never a deactivated person, nothing for a kind switched off, and quiet
/// hours decide when an entry becomes visible.
public sealed class NotificationService(NotificationStore store, FollowStore follows, PeopleStore people, TopicStore topics, TimeProvider clock)
{
    /// A comment on a post: the people it mentions hear "mentioned you in", its post's author "commented on", and the
    /// author of the comment answered (if any) "replied to" — each person once, the mention first (it is the more
    /// personal). Someone who switched mentions off still hears about the comment or the reply.
    public async Task<IReadOnlyList<long>> CommentedAsync(
        DbConnection connection, DbTransaction transaction, long actorId, long postId, long commentId, long postAuthorId,
        long? repliedToId, long? repliedToAuthorId, IReadOnlyCollection<long> mentioned)
    {
        var (told, changed) = await StoreAsync(connection, transaction, NotificationKinds.Mention, actorId, postId, commentId, mentioned);
        if (repliedToId is { } parentId && repliedToAuthorId is { } parentAuthor && !told.Contains(parentAuthor))
        {
            changed.AddRange(await NotifyAsync(connection, transaction, NotificationKinds.Reply, actorId, postId, parentId, [parentAuthor]));
        }

        // The post's author who was answered directly already hears about it as a reply.
        if (postAuthorId != repliedToAuthorId && !told.Contains(postAuthorId))
        {
            changed.AddRange(await NotifyAsync(connection, transaction, NotificationKinds.Comment, actorId, postId, null, [postAuthorId]));
        }

        return changed;
    }

    /// A reaction on a post (commentId null) or on a comment goes to the author of what was reacted to.
    public Task<IReadOnlyList<long>> ReactedAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, long? commentId, long authorId) =>
        NotifyAsync(connection, transaction, NotificationKinds.Reaction, actorId, postId, commentId, [authorId]);

    /// A new post: the people it mentions hear "mentioned you in"; everyone else following its author, its department
    /// or one of its topics hears "posted", once each.
    /// told: people already notified of the post another way (an announcement's addressees), who hear nothing more.
    public async Task<IReadOnlyList<long>> PostedAsync(
        DbConnection connection, DbTransaction transaction, long actorId, long postId, long? departmentId, IReadOnlyCollection<long>? mentioned = null,
        IReadOnlyCollection<long>? told = null)
    {
        var (mentionedNow, changed) = await StoreAsync(connection, transaction, NotificationKinds.Mention, actorId, postId, null, mentioned ?? []);
        var topicIds = await topics.IdsOfPostAsync(connection, transaction, postId);
        var followers = await follows.FollowersAsync(connection, transaction, actorId, departmentId, topicIds);
        changed.AddRange(await NotifyAsync(connection, transaction, NotificationKinds.Post, actorId, postId, null, followers.Except(mentionedNow).Except(told ?? []).ToList()));
        return changed;
    }

    /// An announcement reaches its addressees (or, after a material change, asks them to acknowledge again): one entry each.
    public Task<IReadOnlyList<long>> AnnouncedAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.Announcement, actorId, postId, null, recipients);

    /// A must-read's reminder to those who have not acknowledged it yet.
    public Task<IReadOnlyList<long>> RemindedAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.Reminder, actorId, postId, null, recipients);

    /// The author of hidden or restored content: the post page shows them the reason and takes their answer.
    public Task<IReadOnlyList<long>> ModeratedAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, long? commentId, long authorId) =>
        NotifyAsync(connection, transaction, NotificationKinds.Moderation, actorId, postId, commentId, [authorId]);

    /// The author's scheduled draft could not be published at its time. Unlike every other entry this one is kept for
    /// a deactivated author too: it is the first thing they should find if they come back. Quiet hours apply as ever.
    /// Returns the author when their count changes now.
    public async Task<IReadOnlyList<long>> ScheduleRefusedAsync(DbConnection connection, DbTransaction transaction, long authorId, long draftId)
    {
        var settings = (await store.SettingsOfAsync(connection, transaction, [authorId])).GetValueOrDefault(authorId) ?? NotificationSettings.Default;
        var now = clock.GetUtcNow();
        var visibleAt = WorkingHours.NextVisible(now, settings);
        await store.DraftNoticeAsync(connection, transaction, authorId, NotificationKinds.ScheduleRefused, draftId, now, visibleAt);
        return visibleAt <= now ? [authorId] : [];
    }

    /// People newly named with @ when a post (commentId null) or a comment is edited. Pass the result to
    /// BellQueue.Enqueue after commit.
    public Task<IReadOnlyList<long>> MentionedAsync(
        DbConnection connection, DbTransaction transaction, long actorId, long postId, long? commentId, IReadOnlyCollection<long> userIds, CancellationToken ct) =>
        NotifyAsync(connection, transaction, NotificationKinds.Mention, actorId, postId, commentId, userIds);

    /// A guide someone keeps falls due for review (a week ahead): to its owner, or when nobody keeps it, to the curators
    /// given. Nobody acted, so the entry names no one.
    public Task<IReadOnlyList<long>> GuideDueAsync(DbConnection connection, DbTransaction transaction, long guideId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.GuideReview, null, guideId, null, recipients);

    /// actorId handed the guide over to its new owner.
    public Task<IReadOnlyList<long>> GuideHandedOverAsync(DbConnection connection, DbTransaction transaction, long actorId, long guideId, long newOwnerId) =>
        NotifyAsync(connection, transaction, NotificationKinds.GuideHandedOver, actorId, guideId, null, [newOwnerId]);

    /// The guide's owner left: its department's curators hear that it needs someone to take it over.
    public Task<IReadOnlyList<long>> GuideUnownedAsync(DbConnection connection, DbTransaction transaction, long guideId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.GuideUnowned, null, guideId, null, recipients);

    /// actorId accepted the answer commentId of the question postId: its author hears so.
    public Task<IReadOnlyList<long>> AnswerAcceptedAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, long commentId, long answererId) =>
        NotifyAsync(connection, transaction, NotificationKinds.AnswerAccepted, actorId, postId, commentId, [answererId]);

    /// A question has waited half its response target: the department's influencers hear it once. Nobody acted.
    public Task<IReadOnlyList<long>> QuestionWaitingAsync(DbConnection connection, DbTransaction transaction, long postId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.QuestionWaiting, null, postId, null, recipients);

    /// actorId released an anonymous question as the post postId: leadership (recipients) hears it is waiting for them.
    public Task<IReadOnlyList<long>> AnonymousQuestionAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, IReadOnlyCollection<long> recipients) =>
        NotifyAsync(connection, transaction, NotificationKinds.AnonymousQuestion, actorId, postId, null, recipients);

    /// actorId published the outcome postId of an idea round, choosing ideas of the recipients.
    public Task<IReadOnlyList<long>> IdeaChosenAsync(DbConnection connection, DbTransaction transaction, long actorId, long postId, IReadOnlyCollection<long> authors) =>
        NotifyAsync(connection, transaction, NotificationKinds.IdeaChosen, actorId, postId, null, authors);

    private async Task<IReadOnlyList<long>> NotifyAsync(
        DbConnection connection, DbTransaction transaction, string kind, long? actorId, long postId, long? commentId, IEnumerable<long> recipients) =>
        (await StoreAsync(connection, transaction, kind, actorId, postId, commentId, recipients)).VisibleNow;

    /// Told: who got an entry (now or after their quiet hours); VisibleNow: whose count changes now.
    private async Task<(HashSet<long> Told, List<long> VisibleNow)> StoreAsync(
        DbConnection connection, DbTransaction transaction, string kind, long? actorId, long postId, long? commentId, IEnumerable<long> recipients)
    {
        var ids = recipients.Where(id => id != actorId).Distinct().ToList();
        var told = new HashSet<long>();
        if (ids.Count == 0)
        {
            return (told, []);
        }

        var now = clock.GetUtcNow();
        var visibleNow = new List<long>();
        var active = await people.ActiveAmongAsync(connection, transaction, ids);
        var saved = await store.SettingsOfAsync(connection, transaction, active);
        foreach (var userId in active)
        {
            var settings = saved.GetValueOrDefault(userId) ?? NotificationSettings.Default;
            if (!settings.Wants(kind))
            {
                continue;
            }

            var visibleAt = WorkingHours.NextVisible(now, settings);
            await store.UpsertAsync(connection, transaction, new NewNotification(userId, kind, postId, commentId, actorId, now, visibleAt));
            told.Add(userId);
            if (visibleAt <= now)
            {
                visibleNow.Add(userId);
            }
        }

        return (told, visibleNow);
    }
}
