using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Notifications;

/// ActorId is null for what nobody did (a review falling due).
public sealed record NewNotification(long RecipientId, string Kind, long PostId, long? CommentId, long? ActorId, DateTimeOffset Now, DateTimeOffset VisibleAt);

/// One entry of the list: the post it concerns, how many events it gathers and when it last changed.
public sealed record NotificationRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public int ItemCount { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; init; }
    public string? PostTitle { get; init; }
    public string PostExcerpt { get; init; } = "";

    /// Set for an entry about one of the recipient's drafts (PostId is then 0): why it was not published.
    public long? DraftId { get; init; }
    public string? DraftRefusal { get; init; }

    /// When quiet hours let the entry ping (push, later e-mail); before that it shows in the list marked as held back.
    public DateTimeOffset VisibleAt { get; init; }
}

/// The most recent actors of an entry (at most two) and how many there are in all.
public sealed record NotificationActorRow
{
    public long NotificationId { get; init; }
    public long ActorId { get; init; }
    public string DisplayName { get; init; } = "";
    public int Total { get; init; }
}

public sealed record NotificationTarget
{
    public long? PostId { get; init; }
    public long? CommentId { get; init; }
    public long? DraftId { get; init; }
}

/// Owns notifications, notification_actors and notification_settings. Quiet hours hold back pings, not information:
/// visible_at (the start of the recipient's next working hours) only decides when an entry is pushed (announced);
/// what the person opens themselves (the list, the bell on a page they load) shows and counts every entry at once.
public sealed class NotificationStore(Database db)
{
    private const string SettingsOfSql = """
        SELECT user_id, mention, comment, reply, reaction, post, guides, time_zone, work_days, work_start, work_end
          FROM notification_settings
         WHERE user_id IN @ids
        """;

    /// Inside a write: the settings of those among ids who saved any; everyone else has NotificationSettings.Default.
    public async Task<IReadOnlyDictionary<long, NotificationSettings>> SettingsOfAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? new Dictionary<long, NotificationSettings>()
            : (await connection.QueryAsync<SettingsRow>(SettingsOfSql, new { ids }, transaction)).ToDictionary(r => r.UserId, r => r.ToSettings());

    private const string UpsertSql = """
        INSERT INTO notifications (recipient_id, kind, post_id, comment_id, item_count, created_at, updated_at, visible_at, announced)
        VALUES (@RecipientId, @Kind, @PostId, @CommentId, 1, @Now, @Now, @VisibleAt, @announced)
            ON CONFLICT (recipient_id, kind, post_id, COALESCE(comment_id, 0)) WHERE read_at IS NULL
            DO UPDATE SET item_count = notifications.item_count + 1, updated_at = excluded.updated_at
        RETURNING id
        """;

    // The most recent time an actor acted puts them first in "Anna Berger and 4 others".
    private const string AddActorSql = """
        INSERT INTO notification_actors (notification_id, actor_id, created_at)
        VALUES (@id, @ActorId, @Now)
            ON CONFLICT (notification_id, actor_id) DO UPDATE SET created_at = excluded.created_at
        """;

    /// Adds one event to the recipient's open entry for the target, or opens one: the consolidation rule.
    public async Task<long> UpsertAsync(DbConnection connection, DbTransaction transaction, NewNotification n)
    {
        // The table has no CHECK on kind (SQLite would rebuild the table for every new kind): the app refuses a typo.
        if (!NotificationKinds.IsKnown(n.Kind))
        {
            throw new ArgumentException($"Unknown notification kind '{n.Kind}'.", nameof(n));
        }

        var announced = n.VisibleAt <= n.Now;
        var id = await connection.ExecuteScalarAsync<long>(UpsertSql, new { n.RecipientId, n.Kind, n.PostId, n.CommentId, n.Now, n.VisibleAt, announced }, transaction);
        if (n.ActorId is not null)
        {
            await connection.ExecuteAsync(AddActorSql, new { id, n.ActorId, n.Now }, transaction);
        }

        return id;
    }

    private const string RenewDraftNoticeSql = """
        UPDATE notifications
           SET updated_at = @now, visible_at = @visibleAt, announced = @announced
         WHERE recipient_id = @recipientId AND kind = @kind AND draft_id = @draftId AND read_at IS NULL
        """;

    private const string InsertDraftNoticeSql = """
        INSERT INTO notifications (recipient_id, kind, draft_id, item_count, created_at, updated_at, visible_at, announced)
        VALUES (@recipientId, @kind, @draftId, 1, @now, @now, @visibleAt, @announced)
        """;

    /// An entry about one of the recipient's drafts: one open entry per draft, renewed if it is refused again unread.
    public async Task DraftNoticeAsync(DbConnection connection, DbTransaction transaction, long recipientId, string kind, long draftId, DateTimeOffset now, DateTimeOffset visibleAt)
    {
        if (!NotificationKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Unknown notification kind '{kind}'.", nameof(kind));
        }

        var args = new { recipientId, kind, draftId, now, visibleAt, announced = visibleAt <= now };
        if (await connection.ExecuteAsync(RenewDraftNoticeSql, args, transaction) == 0)
        {
            await connection.ExecuteAsync(InsertDraftNoticeSql, args, transaction);
        }
    }

    /// The bell shows "99+" beyond this, so counting stops here: someone following a busy colleague for months
    /// would otherwise have thousands of entries counted on every page and every push.
    public const int UnreadCap = 100;

    private const string UnreadSql = """
        SELECT COUNT(*)
          FROM (SELECT 1
                  FROM notifications n
                  LEFT JOIN posts p ON p.id = n.post_id
                 WHERE n.recipient_id = @userId AND n.read_at IS NULL AND (n.draft_id IS NOT NULL OR
        """ + " " + PostVisibility.ListedOrOwn + """
        )
                 LIMIT @cap) unread
        """;

    private readonly VersionedCache<long, int> _unread = new(db);

    /// Unread entries, counted up to UnreadCap. Every page's bell asks: kept until the next write.
    public Task<int> UnreadCountAsync(long userId, CancellationToken ct = default) =>
        _unread.GetAsync(userId, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(UnreadSql, new { userId, viewerId = userId, cap = UnreadCap }, cancellationToken: c));
        }, ct);

    private const string PageSql = """
        SELECT n.id, n.kind, COALESCE(n.post_id, 0) AS post_id, n.comment_id, n.item_count, n.updated_at, n.read_at, n.visible_at,
               COALESCE(p.title, NULLIF(d.title, '')) AS post_title, COALESCE(p.excerpt, substr(d.body_md, 1, 120), '') AS post_excerpt,
               n.draft_id, d.refused_reason AS draft_refusal
          FROM notifications n
          LEFT JOIN posts p ON p.id = n.post_id
          LEFT JOIN drafts d ON d.id = n.draft_id
         WHERE n.recipient_id = @userId AND (n.draft_id IS NOT NULL OR
        """ + " " + PostVisibility.ListedOrOwn + """
        )
           AND (n.updated_at, n.id) < (@beforeAt, @beforeId)
         ORDER BY n.updated_at DESC, n.id DESC
         LIMIT @take
        """;

    /// Newest change first; the cursor is (updated_at, id) of the last entry shown.
    public async Task<IReadOnlyList<NotificationRow>> PageAsync(DbConnection connection, long userId, DateTimeOffset now, long beforeAt, long beforeId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<NotificationRow>(new CommandDefinition(PageSql, new { userId, viewerId = userId, now, beforeAt, beforeId, take }, cancellationToken: ct))).AsList();

    private const string ActorsSql = """
        SELECT notification_id, actor_id, display_name, total
          FROM (SELECT a.notification_id, a.actor_id, u.display_name,
                       ROW_NUMBER() OVER (PARTITION BY a.notification_id ORDER BY a.created_at DESC, a.actor_id DESC) AS position,
                       COUNT(*) OVER (PARTITION BY a.notification_id) AS total
                  FROM notification_actors a
                  JOIN users u ON u.id = a.actor_id
                 WHERE a.notification_id IN @ids) ranked
         WHERE position <= 2
         ORDER BY notification_id, position
        """;

    public async Task<IReadOnlyList<NotificationActorRow>> ActorsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : (await connection.QueryAsync<NotificationActorRow>(new CommandDefinition(ActorsSql, new { ids }, cancellationToken: ct))).AsList();

    private const string OpenSql = """
        UPDATE notifications
           SET read_at = COALESCE(read_at, @now)
         WHERE id = @id AND recipient_id = @userId
        RETURNING post_id, comment_id, draft_id
        """;

    /// Marks the recipient's own entry read and says where it points; null for someone else's or an unknown entry.
    public async Task<NotificationTarget?> MarkReadAsync(long userId, long id, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var target = await scope.Connection.QuerySingleOrDefaultAsync<NotificationTarget>(new CommandDefinition(OpenSql, new { userId, id, now }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return target;
    }

    private const string MarkAllSql = """
        UPDATE notifications
           SET read_at = @now
         WHERE recipient_id = @userId AND read_at IS NULL
        """;

    /// Everything the list shows, held-back entries too: they have been seen.
    public async Task<int> MarkAllReadAsync(long userId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var count = await scope.Connection.ExecuteAsync(new CommandDefinition(MarkAllSql, new { userId, now }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return count;
    }

    private const string HasUnreadForPostSql = """
        SELECT EXISTS (SELECT 1 FROM notifications
                        WHERE recipient_id = @userId AND post_id = @postId AND read_at IS NULL)
        """;

    private const string MarkPostSql = """
        UPDATE notifications
           SET read_at = @now
         WHERE recipient_id = @userId AND post_id = @postId AND read_at IS NULL
        """;

    /// Whether opening the post has anything to mark read; asked on the page's own connection, so the usual view
    /// (nothing unread) costs one indexed lookup and never takes the writer gate.
    public Task<bool> HasUnreadForPostAsync(DbConnection connection, long userId, long postId, DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(new CommandDefinition(HasUnreadForPostSql, new { userId, postId, now }, cancellationToken: ct));

    /// Opening a post reads what it was about.
    public async Task<bool> MarkPostReadAsync(long userId, long postId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var count = await scope.Connection.ExecuteAsync(new CommandDefinition(MarkPostSql, new { userId, postId, now }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return count > 0;
    }

    private const string AnnounceDueSql = """
        UPDATE notifications
           SET announced = 1
         WHERE announced = 0 AND visible_at <= @now
        RETURNING recipient_id
        """;

    /// Entries whose quiet hours ended: marked announced; returns whose counts changed.
    public async Task<IReadOnlyList<long>> AnnounceDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var recipients = (await scope.Connection.QueryAsync<long>(new CommandDefinition(AnnounceDueSql, new { now }, scope.Transaction, cancellationToken: ct))).Distinct().ToList();
        await scope.CommitAsync(ct);
        return recipients;
    }

    private const string SettingsSql = """
        SELECT user_id, mention, comment, reply, reaction, post, guides, time_zone, work_days, work_start, work_end
          FROM notification_settings
         WHERE user_id = @userId
        """;

    public async Task<NotificationSettings> SettingsAsync(long userId, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition(SettingsSql, new { userId }, cancellationToken: ct));
        return row?.ToSettings() ?? NotificationSettings.Default;
    }

    private const string SaveSettingsSql = """
        INSERT INTO notification_settings (user_id, mention, comment, reply, reaction, post, guides, time_zone, work_days, work_start, work_end)
        VALUES (@userId, @Mention, @Comment, @Reply, @Reaction, @Post, @Guides, @TimeZone, @WorkDays, @WorkStart, @WorkEnd)
            ON CONFLICT (user_id) DO UPDATE
           SET mention = excluded.mention, comment = excluded.comment, reply = excluded.reply, reaction = excluded.reaction,
               post = excluded.post, guides = excluded.guides, time_zone = excluded.time_zone, work_days = excluded.work_days,
               work_start = excluded.work_start, work_end = excluded.work_end
        """;

    public async Task SaveSettingsAsync(long userId, NotificationSettings s, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(SaveSettingsSql, new
        {
            userId, s.Mention, s.Comment, s.Reply, s.Reaction, s.Post, s.Guides, s.TimeZone, s.WorkDays, s.WorkStart, s.WorkEnd,
        }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    private sealed record SettingsRow
    {
        public long UserId { get; init; }
        public bool Mention { get; init; }
        public bool Comment { get; init; }
        public bool Reply { get; init; }
        public bool Reaction { get; init; }
        public bool Post { get; init; }
        public bool Guides { get; init; }
        public string TimeZone { get; init; } = NotificationSettings.DefaultTimeZone;
        public int WorkDays { get; init; }
        public int WorkStart { get; init; }
        public int WorkEnd { get; init; }

        public NotificationSettings ToSettings() => new()
        {
            Mention = Mention, Comment = Comment, Reply = Reply, Reaction = Reaction, Post = Post, Guides = Guides,
            TimeZone = TimeZone, WorkDays = WorkDays, WorkStart = WorkStart, WorkEnd = WorkEnd,
        };
    }

    private const string NotifiedAboutPostSql = """
        SELECT DISTINCT recipient_id
          FROM notifications
         WHERE post_id = @postId AND comment_id IS NULL AND kind IN ('post', 'announcement', 'mention')
        """;

    /// Everyone told about a post itself (a followed author's post, an announcement, a mention in it): the reach
    /// funnel's "notified", counted there per department and band, never listed.
    public async Task<IReadOnlyList<long>> NotifiedAboutPostAsync(DbConnection connection, long postId, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(NotifiedAboutPostSql, new { postId }, cancellationToken: ct))];
}
