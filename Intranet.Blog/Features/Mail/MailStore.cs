using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Mail;

/// Owns mail_preferences, mail_digests, mail_items and mail_outbox.
public sealed class MailStore(Database db)
{
    // ---- preferences

    private const string PreferencesSql = "SELECT digest, must_read, mentions FROM mail_preferences WHERE user_id = @userId";

    public async Task<MailPreferences> PreferencesAsync(long userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await PreferencesAsync(connection, null, userId);
    }

    public async Task<MailPreferences> PreferencesAsync(DbConnection connection, DbTransaction? transaction, long userId) =>
        await connection.QuerySingleOrDefaultAsync<MailPreferences>(PreferencesSql, new { userId }, transaction) ?? MailPreferences.Default;

    private const string SavePreferencesSql = """
        INSERT INTO mail_preferences (user_id, digest, must_read, mentions)
        VALUES (@userId, @Digest, @MustRead, @Mentions)
            ON CONFLICT (user_id) DO UPDATE SET digest = excluded.digest, must_read = excluded.must_read, mentions = excluded.mentions
        """;

    // A changed rhythm is looked at again in the next round instead of at the old one's next date.
    private const string RecheckDigestSql = "UPDATE mail_digests SET next_at = 0 WHERE user_id = @userId";

    public async Task SavePreferencesAsync(DbConnection connection, DbTransaction transaction, long userId, MailPreferences p)
    {
        await connection.ExecuteAsync(SavePreferencesSql, new { userId, p.Digest, p.MustRead, p.Mentions }, transaction);
        await connection.ExecuteAsync(RecheckDigestSql, new { userId }, transaction);
    }

    // ---- the outbox

    private const string EnqueueSql = """
        INSERT INTO mail_outbox (message_id, user_id, kind, to_address, to_name, subject, text_body, html_body, unsubscribe, created_at, not_before)
        VALUES (@messageId, @UserId, @Kind, @ToAddress, @ToName, @Subject, @TextBody, @HtmlBody, @Unsubscribe, @now, @now)
        """;

    public Task EnqueueAsync(DbConnection connection, DbTransaction transaction, OutgoingMail mail, string messageId, DateTimeOffset now) =>
        connection.ExecuteAsync(EnqueueSql, new { messageId, mail.UserId, mail.Kind, mail.ToAddress, mail.ToName, mail.Subject, mail.TextBody, mail.HtmlBody, mail.Unsubscribe, now }, transaction);

    private const string CancelPasswordMailsSql = """
        DELETE FROM mail_outbox
         WHERE user_id = @userId AND kind = 'password' AND sent_at IS NULL AND failed_at IS NULL AND claimed_at IS NULL
        """;

    /// Password mails to the person not yet handed to the server (one under way cannot be called back).
    public Task CancelPasswordMailsAsync(DbConnection connection, DbTransaction transaction, long userId) =>
        connection.ExecuteAsync(CancelPasswordMailsSql, new { userId }, transaction);

    private const string ReleaseSql = """
        UPDATE mail_outbox SET claimed_at = NULL, not_before = @now
         WHERE claimed_at IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL
        """;

    /// At start: attempts the last run left unfinished (it died mid-send) are due again, with their Message-ID. Only
    /// one app runs on a data directory (AppLock), so no claim here belongs to a live sender.
    public async Task<int> ReleaseInterruptedAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var released = await scope.Connection.ExecuteAsync(ReleaseSql, new { now }, scope.Transaction);
        await scope.CommitAsync(ct);
        return released;
    }

    // The claim commits before the first byte goes out: a crash after it leaves claimed_at set for ReleaseInterruptedAsync.
    private const string ClaimSql = """
        UPDATE mail_outbox SET claimed_at = @now, attempts = attempts + 1
         WHERE id IN (SELECT id FROM mail_outbox
                       WHERE sent_at IS NULL AND failed_at IS NULL AND claimed_at IS NULL AND not_before <= @now
                       ORDER BY not_before, id
                       LIMIT @take)
        RETURNING id, message_id, kind, to_address, to_name, subject, text_body, html_body, unsubscribe, attempts
        """;

    public async Task<IReadOnlyList<OutboxRow>> ClaimDueAsync(DateTimeOffset now, int take, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var rows = (await scope.Connection.QueryAsync<OutboxRow>(ClaimSql, new { now, take }, scope.Transaction)).OrderBy(r => r.Id).ToList();
        await scope.CommitAsync(ct);
        return rows;
    }

    // A sent password mail forgets its bodies: the one-time link in them is kept nowhere else in clear.
    private const string SentSql = """
        UPDATE mail_outbox
           SET sent_at = @now, claimed_at = NULL, last_error = NULL,
               text_body = CASE WHEN kind = 'password' THEN '' ELSE text_body END,
               html_body = CASE WHEN kind = 'password' THEN '' ELSE html_body END
         WHERE id = @id
        """;

    public Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken ct) => WriteAsync(SentSql, new { id, now }, ct);

    private const string RetrySql = "UPDATE mail_outbox SET claimed_at = NULL, not_before = @notBefore, last_error = @error WHERE id = @id";

    public Task MarkRetryAsync(long id, DateTimeOffset notBefore, string error, CancellationToken ct) => WriteAsync(RetrySql, new { id, notBefore, error }, ct);

    private const string FailedSql = """
        UPDATE mail_outbox
           SET failed_at = @now, claimed_at = NULL, last_error = @error,
               text_body = CASE WHEN kind = 'password' THEN '' ELSE text_body END,
               html_body = CASE WHEN kind = 'password' THEN '' ELSE html_body END
         WHERE id = @id
        """;

    public Task MarkFailedAsync(long id, DateTimeOffset now, string error, CancellationToken ct) => WriteAsync(FailedSql, new { id, now, error }, ct);

    private const string NextDueSql = "SELECT MIN(not_before) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND claimed_at IS NULL";

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(NextDueSql, cancellationToken: ct)) is { } ms ? DapperSetup.FromUnixMs(ms) : null;
    }

    private async Task WriteAsync(string sql, object args, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(sql, args, scope.Transaction);
        await scope.CommitAsync(ct);
    }

    private const string PruneOutboxSql = """
        DELETE FROM mail_outbox WHERE (sent_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < @outboxBefore
        """;

    private const string PruneItemsSql = "DELETE FROM mail_items WHERE mailed_at < @itemsBefore";

    /// Sent and failed mails older than outboxBefore, and records of what mails named older than itemsBefore.
    public async Task<int> PruneAsync(DateTimeOffset outboxBefore, DateTimeOffset itemsBefore, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var deleted = await scope.Connection.ExecuteAsync(PruneOutboxSql, new { outboxBefore }, scope.Transaction);
        deleted += await scope.Connection.ExecuteAsync(PruneItemsSql, new { itemsBefore }, scope.Transaction);
        await scope.CommitAsync(ct);
        return deleted;
    }

    // ---- who a mail goes to, and what was mailed

    private const string RecipientsSql = """
        SELECT id, email, display_name, locale FROM users WHERE id IN @ids AND is_active = 1
        """;

    public async Task<IReadOnlyDictionary<long, MailRecipient>> RecipientsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? new Dictionary<long, MailRecipient>()
            : (await connection.QueryAsync<MailRecipient>(RecipientsSql, new { ids }, transaction)).ToDictionary(r => r.Id);

    private const string RecordItemSql = """
        INSERT INTO mail_items (user_id, post_id, comment_id, mailed_at) VALUES (@userId, @PostId, @CommentId, @now)
        ON CONFLICT (user_id, post_id, comment_id) DO NOTHING
        """;

    public Task RecordItemsAsync(DbConnection connection, DbTransaction transaction, long userId, IEnumerable<MailItem> items, DateTimeOffset now) =>
        connection.ExecuteAsync(RecordItemSql, items.Select(item => new { userId, item.PostId, item.CommentId, now }), transaction);

    private const string MailedSql = "SELECT EXISTS (SELECT 1 FROM mail_items WHERE user_id = @userId AND post_id = @postId AND comment_id = @commentId)";

    /// Inside the write that would mail it: whether an earlier mail already named the item (two rounds never race, but
    /// a round that failed half-way and runs again must not mail it twice).
    public Task<bool> MailedAsync(DbConnection connection, DbTransaction transaction, long userId, MailItem item) =>
        connection.ExecuteScalarAsync<bool>(MailedSql, new { userId, postId = item.PostId, commentId = item.CommentId }, transaction);

    // ---- must-read announcements and mentions, mailed at once

    private const string MustReadDueSql = """
        SELECT r.post_id, r.user_id
          FROM announcements a
          JOIN announcement_recipients r ON r.post_id = a.post_id
          JOIN posts p ON p.id = a.post_id
          JOIN users u ON u.id = r.user_id
          LEFT JOIN mail_preferences m ON m.user_id = r.user_id
         WHERE a.must_read = 1 AND a.created_at <= @graceEnd AND a.created_at > @oldest
           AND (a.ends_at IS NULL OR a.ends_at > @now)
           AND r.opened_at IS NULL AND u.is_active = 1 AND COALESCE(m.must_read, 1) = 1
           AND
        """ + " " + PostVisibility.Listed + """

           AND NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.post_id = a.post_id AND k.round = a.round AND k.user_id = r.user_id)
           AND NOT EXISTS (SELECT 1 FROM mail_items i WHERE i.user_id = r.user_id AND i.post_id = a.post_id AND i.comment_id = 0)
         ORDER BY a.post_id, r.user_id
         LIMIT @take
        """;

    /// (post, person) pairs of must-read announcements unopened past the grace period, never mailed.
    public async Task<IReadOnlyList<(long PostId, long UserId)>> MustReadDueAsync(DateTimeOffset now, DateTimeOffset graceEnd, DateTimeOffset oldest, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long, long)>(new CommandDefinition(MustReadDueSql, new { now, graceEnd, oldest, take }, cancellationToken: ct))).AsList();
    }

    private const string MentionsDueSql = """
        SELECT n.id, n.recipient_id
          FROM mail_preferences m
          JOIN notifications n ON n.recipient_id = m.user_id
          JOIN posts p ON p.id = n.post_id
          JOIN users u ON u.id = n.recipient_id
         WHERE m.mentions = 1 AND u.is_active = 1
           AND n.kind = 'mention' AND n.read_at IS NULL AND n.visible_at <= @now AND n.created_at <= @graceEnd AND n.created_at > @oldest
           AND
        """ + " " + PostVisibility.Listed + """

           AND NOT EXISTS (SELECT 1 FROM mail_items i WHERE i.user_id = n.recipient_id AND i.post_id = n.post_id AND i.comment_id = COALESCE(n.comment_id, 0))
         ORDER BY n.id
         LIMIT @take
        """;

    /// Unread mentions of people who want them by mail, past a short grace, never mailed.
    public async Task<IReadOnlyList<(long NotificationId, long UserId)>> MentionsDueAsync(DateTimeOffset now, DateTimeOffset graceEnd, DateTimeOffset oldest, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<(long, long)>(new CommandDefinition(MentionsDueSql, new { now, graceEnd, oldest, take }, cancellationToken: ct))).AsList();
    }

    // The columns of a NotificationRow, as the bell's list reads them.
    private const string NotificationColumns = """
        SELECT n.id, n.kind, n.post_id, n.comment_id, n.item_count, n.updated_at, n.read_at, n.visible_at,
               p.title AS post_title, p.excerpt AS post_excerpt
          FROM notifications n
          JOIN posts p ON p.id = n.post_id
        """;

    private const string NotificationSql = NotificationColumns + " WHERE n.id IN @ids";

    /// Entries of the bell by id, as the notification list shows them.
    public async Task<IReadOnlyList<NotificationRow>> NotificationsAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? [] : (await connection.QueryAsync<NotificationRow>(NotificationSql, new { ids }, transaction)).AsList();

    // ---- the digest

    private const string DigestsDueSql = """
        SELECT u.id
          FROM users u
          LEFT JOIN mail_preferences m ON m.user_id = u.id
          LEFT JOIN mail_digests d ON d.user_id = u.id
         WHERE u.is_active = 1 AND COALESCE(m.digest, 'weekly') <> 'off' AND COALESCE(d.next_at, 0) <= @now
         ORDER BY u.id
         LIMIT @take
        """;

    /// People whose digest may be due (the planner checks their rhythm and hours).
    public async Task<IReadOnlyList<long>> DigestsDueAsync(DateTimeOffset now, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(DigestsDueSql, new { now, take }, cancellationToken: ct))).AsList();
    }

    private const string DigestStateSql = "SELECT covered_until FROM mail_digests WHERE user_id = @userId";

    public async Task<DateTimeOffset?> CoveredUntilAsync(DbConnection connection, DbTransaction? transaction, long userId) =>
        await connection.ExecuteScalarAsync<long?>(DigestStateSql, new { userId }, transaction) is { } ms ? DapperSetup.FromUnixMs(ms) : null;

    private const string SaveDigestStateSql = """
        INSERT INTO mail_digests (user_id, covered_until, next_at) VALUES (@userId, @coveredUntil, @nextAt)
            ON CONFLICT (user_id) DO UPDATE SET covered_until = excluded.covered_until, next_at = excluded.next_at
        """;

    public Task SaveDigestStateAsync(DbConnection connection, DbTransaction transaction, long userId, DateTimeOffset coveredUntil, DateTimeOffset nextAt) =>
        connection.ExecuteAsync(SaveDigestStateSql, new { userId, coveredUntil, nextAt }, transaction);

    private const string UnopenedAnnouncementsSql = """
        SELECT p.id AS post_id, p.title, p.excerpt, au.display_name AS author, a.must_read, a.due_on, p.comment_count AS comments
          FROM announcement_recipients r
          JOIN announcements a ON a.post_id = r.post_id
          JOIN posts p ON p.id = r.post_id
          JOIN users au ON au.id = p.author_id
         WHERE r.user_id = @userId AND r.opened_at IS NULL AND a.created_at > @oldest AND (a.ends_at IS NULL OR a.ends_at > @now)
           AND
        """ + " " + PostVisibility.Listed + """

           AND NOT EXISTS (SELECT 1 FROM mail_items i WHERE i.user_id = @userId AND i.post_id = p.id AND i.comment_id = 0)
         ORDER BY a.must_read DESC, p.id DESC
         LIMIT @take
        """;

    /// Announcements to the person they have not opened (must-reads first), never mailed.
    public async Task<IReadOnlyList<MailPost>> UnopenedAnnouncementsAsync(DbConnection connection, DbTransaction? transaction, long userId, DateTimeOffset now, DateTimeOffset oldest, int take) =>
        (await connection.QueryAsync<MailPost>(UnopenedAnnouncementsSql, new { userId, now, oldest, take }, transaction)).AsList();

    private const string PersonalSql = NotificationColumns + """
         WHERE n.recipient_id = @userId AND n.read_at IS NULL AND n.kind IN ('mention', 'reply', 'comment', 'answer_accepted')
           AND n.updated_at > @oldest AND
        """ + " " + PostVisibility.Listed + """

           AND NOT EXISTS (SELECT 1 FROM mail_items i WHERE i.user_id = @userId AND i.post_id = n.post_id AND i.comment_id = COALESCE(n.comment_id, 0))
         ORDER BY CASE n.kind WHEN 'mention' THEN 0 ELSE 1 END, n.updated_at DESC
         LIMIT @take
        """;

    /// The person's unread mentions, then answers to them (comments on their posts, replies to their comments), never mailed.
    public async Task<IReadOnlyList<NotificationRow>> PersonalNotificationsAsync(DbConnection connection, DbTransaction? transaction, long userId, DateTimeOffset oldest, int take) =>
        (await connection.QueryAsync<NotificationRow>(PersonalSql, new { userId, oldest, take }, transaction)).AsList();

    // Posts of what the person follows (their own department by default) that were written or discussed since the
    // last digest, the most comments since then first; none of their own, none they opened, none mailed before.
    private const string DiscussedSql = """
        WITH recent (post_id) AS (
            SELECT id FROM posts WHERE created_at >= @since
            UNION
            SELECT post_id FROM comments WHERE created_at >= @since AND deleted_at IS NULL AND hidden_at IS NULL
        ), followed (kind, id) AS (
            SELECT target_kind, target_id FROM follows WHERE user_id = @userId
        )
        SELECT p.id AS post_id, p.title, p.excerpt, au.display_name AS author,
               (SELECT COUNT(*) FROM comments c
                 WHERE c.post_id = p.id AND c.created_at >= @since AND c.deleted_at IS NULL AND c.hidden_at IS NULL) AS comments
          FROM recent
          JOIN posts p ON p.id = recent.post_id
          JOIN users au ON au.id = p.author_id
         WHERE p.author_id <> @userId AND
        """ + " " + PostVisibility.Listed + """

           AND (p.department_id IN (SELECT id FROM followed WHERE kind = 'department')
                OR p.author_id IN (SELECT id FROM followed WHERE kind = 'person')
                OR EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag_id IN (SELECT id FROM followed WHERE kind = 'topic')))
           AND NOT EXISTS (SELECT 1 FROM post_opens o WHERE o.post_id = p.id AND o.user_id = @userId)
           AND NOT EXISTS (SELECT 1 FROM mail_items i WHERE i.user_id = @userId AND i.post_id = p.id AND i.comment_id = 0)
         ORDER BY comments DESC, p.id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<MailPost>> DiscussedAsync(DbConnection connection, DbTransaction? transaction, long userId, DateTimeOffset since, int take) =>
        (await connection.QueryAsync<MailPost>(DiscussedSql, new { userId, since, take }, transaction)).AsList();

    private const string PostSql = """
        SELECT p.id AS post_id, p.title, p.excerpt, au.display_name AS author, COALESCE(a.must_read, 0) AS must_read, a.due_on, p.comment_count AS comments
          FROM posts p
          JOIN users au ON au.id = p.author_id
          LEFT JOIN announcements a ON a.post_id = p.id
         WHERE p.id = @postId AND
        """ + " " + PostVisibility.Listed;

    public Task<MailPost?> PostAsync(DbConnection connection, DbTransaction? transaction, long postId) =>
        connection.QuerySingleOrDefaultAsync<MailPost>(PostSql, new { postId }, transaction);
}
