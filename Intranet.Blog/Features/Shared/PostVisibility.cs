namespace Intranet.Blog.Features.Shared;

/// The one visibility rule for every query that lists, counts or pushes posts (feeds, topics, notifications, search,
/// and later e-mail and analytics): not deleted and not hidden by moderation. Posts are aliased p. Here, not in
/// Posts, because the features Posts calls (notifications, topics) need it too. Drafts and scheduled posts need no
/// clause here: they live in drafts (Features/Drafts) and become a posts row only when they are published, so no
/// query over posts, its tags, mentions, search index or events can see them before then.
public static class PostVisibility
{
    public const string Listed = "p.deleted_at IS NULL AND p.hidden_at IS NULL";

    /// For lists of one person's own entries (their notifications): their own hidden post still shows, so they
    /// reach the moderator's reason. Binds @viewerId.
    public const string ListedOrOwn = "p.deleted_at IS NULL AND (p.hidden_at IS NULL OR p.author_id = @viewerId)";
}
