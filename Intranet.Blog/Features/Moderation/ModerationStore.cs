using System.Data.Common;
using Dapper;

namespace Intranet.Blog.Features.Moderation;

/// Owns reports and moderations, and the hidden_at columns of posts and comments (moderation is their only writer).
/// Reads posts and comments only to name what is reported, so that Posts and Comments can show moderation without
/// a circle between the features.
public sealed class ModerationStore(TimeProvider clock)
{
    // What a moderator sees of the content; the excerpt is the title or the card's excerpt, or a comment's start.
    private const string PostTargetSql = """
        SELECT p.id AS post_id, NULL AS comment_id, p.author_id, u.display_name AS author_name,
               COALESCE(p.title, p.excerpt) AS excerpt, p.department_id,
               p.deleted_at IS NOT NULL AS deleted, p.hidden_at IS NOT NULL AS hidden
          FROM posts p
          JOIN users u ON u.id = p.author_id
         WHERE p.id = @postId
        """;

    private const string CommentTargetSql = """
        SELECT c.post_id, c.id AS comment_id, c.author_id, u.display_name AS author_name,
               substr(c.body_md, 1, 200) AS excerpt, p.department_id,
               c.deleted_at IS NOT NULL OR p.deleted_at IS NOT NULL AS deleted, c.hidden_at IS NOT NULL AS hidden
          FROM comments c
          JOIN posts p ON p.id = c.post_id
          JOIN users u ON u.id = c.author_id
         WHERE c.id = @commentId
        """;

    public Task<ModerationTarget?> TargetAsync(DbConnection connection, long? postId, long? commentId, DbTransaction? transaction = null) =>
        commentId is not null
            ? connection.QuerySingleOrDefaultAsync<ModerationTarget>(CommentTargetSql, new { commentId }, transaction)
            : connection.QuerySingleOrDefaultAsync<ModerationTarget>(PostTargetSql, new { postId }, transaction);

    private const string HasOpenReportSql = """
        SELECT EXISTS (SELECT 1 FROM reports
                        WHERE reporter_id = @reporterId AND post_id = @PostId AND COALESCE(comment_id, 0) = COALESCE(@CommentId, 0)
                          AND outcome IS NULL)
        """;

    private const string InsertReportSql = """
        INSERT INTO reports (post_id, comment_id, reporter_id, reason, note, created_at)
        VALUES (@PostId, @CommentId, @reporterId, @reason, @note, @now)
        """;

    /// False when this person already has an open report on the same content: reporting twice changes nothing.
    public async Task<bool> InsertReportAsync(DbConnection connection, DbTransaction transaction, ModerationTarget target, long reporterId, string reason, string note)
    {
        if (await connection.ExecuteScalarAsync<bool>(HasOpenReportSql, new { target.PostId, target.CommentId, reporterId }, transaction))
        {
            return false;
        }

        await connection.ExecuteAsync(InsertReportSql, new { target.PostId, target.CommentId, reporterId, reason, note, now = clock.GetUtcNow() }, transaction);
        return true;
    }

    private const string DecideSql = """
        UPDATE reports
           SET outcome = @outcome, decided_by = @deciderId, decided_at = @now
         WHERE post_id = @PostId AND COALESCE(comment_id, 0) = COALESCE(@CommentId, 0) AND outcome IS NULL
        """;

    /// Decides every open report on the content at once; returns how many.
    public Task<int> DecideAsync(DbConnection connection, DbTransaction transaction, ModerationTarget target, long deciderId, string outcome) =>
        connection.ExecuteAsync(DecideSql, new { target.PostId, target.CommentId, deciderId, outcome, now = clock.GetUtcNow() }, transaction);

    private const string OpenReportsSql = """
        SELECT id, post_id, comment_id, reason, note, created_at
          FROM reports
         WHERE outcome IS NULL
         ORDER BY id
         LIMIT @take
        """;

    public async Task<IReadOnlyList<OpenReport>> OpenReportsAsync(DbConnection connection, int take, CancellationToken ct) =>
        (await connection.QueryAsync<OpenReport>(new CommandDefinition(OpenReportsSql, new { take }, cancellationToken: ct))).AsList();

    private const string MineSql = """
        SELECT r.id, r.post_id, r.comment_id, r.reason, r.note, r.created_at, r.outcome, r.decided_at,
               CASE WHEN r.comment_id IS NULL THEN COALESCE(p.title, p.excerpt) ELSE substr(c.body_md, 1, 200) END AS excerpt
          FROM reports r
          JOIN posts p ON p.id = r.post_id
          LEFT JOIN comments c ON c.id = r.comment_id
         WHERE r.reporter_id = @reporterId
         ORDER BY r.id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<MyReport>> MineAsync(DbConnection connection, long reporterId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<MyReport>(new CommandDefinition(MineSql, new { reporterId, take }, cancellationToken: ct))).AsList();

    private const string SetPostHiddenSql = """
        UPDATE posts
           SET hidden_at = CASE WHEN @hidden = 1 THEN @now END
         WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = (@hidden = 1)
        """;

    private const string SetCommentHiddenSql = """
        UPDATE comments
           SET hidden_at = CASE WHEN @hidden = 1 THEN @now END
         WHERE id = @id AND deleted_at IS NULL AND (hidden_at IS NULL) = (@hidden = 1)
        """;

    // A hidden comment is not counted on its post's card, as a deleted one is not.
    private const string CountCommentSql = "UPDATE posts SET comment_count = comment_count + @delta WHERE id = @id";

    /// Hides or restores; false when the content is gone or already in that state (a concurrent decision won).
    public async Task<bool> SetHiddenAsync(DbConnection connection, DbTransaction transaction, ModerationTarget target, bool hidden)
    {
        var now = clock.GetUtcNow();
        if (target.CommentId is not { } commentId)
        {
            return await connection.ExecuteAsync(SetPostHiddenSql, new { id = target.PostId, hidden, now }, transaction) > 0;
        }

        if (await connection.ExecuteAsync(SetCommentHiddenSql, new { id = commentId, hidden, now }, transaction) == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(CountCommentSql, new { id = target.PostId, delta = hidden ? -1 : 1 }, transaction);
        return true;
    }

    private const string InsertModerationSql = """
        INSERT INTO moderations (post_id, comment_id, reason, hidden_by, hidden_at)
        VALUES (@PostId, @CommentId, @reason, @moderatorId, @now)
        RETURNING id
        """;

    public Task<long> InsertModerationAsync(DbConnection connection, DbTransaction transaction, ModerationTarget target, long moderatorId, string reason) =>
        connection.ExecuteScalarAsync<long>(InsertModerationSql, new { target.PostId, target.CommentId, moderatorId, reason, now = clock.GetUtcNow() }, transaction);

    private const string ActiveColumns = """
        SELECT m.id, m.post_id, m.comment_id, COALESCE(c.author_id, p.author_id) AS author_id, a.display_name AS author_name,
               CASE WHEN m.comment_id IS NULL THEN COALESCE(p.title, p.excerpt) ELSE substr(c.body_md, 1, 200) END AS excerpt,
               m.reason, h.display_name AS hidden_by_name, m.hidden_at, m.answer, m.answered_at
          FROM moderations m
          JOIN posts p ON p.id = m.post_id
          LEFT JOIN comments c ON c.id = m.comment_id
          JOIN users a ON a.id = COALESCE(c.author_id, p.author_id)
          JOIN users h ON h.id = m.hidden_by
         WHERE m.restored_at IS NULL
        """;

    private const string ActiveSql = ActiveColumns + """

         ORDER BY m.id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<ModerationRow>> ActiveAsync(DbConnection connection, int take, CancellationToken ct) =>
        (await connection.QueryAsync<ModerationRow>(new CommandDefinition(ActiveSql, new { take }, cancellationToken: ct))).AsList();

    private const string ActiveOnPostSql = ActiveColumns + """

           AND m.post_id = @postId
         ORDER BY m.id
        """;

    /// The hidings in force on a post and its comments, for the post page (its authors and admins see them).
    public async Task<IReadOnlyList<ModerationRow>> ActiveOnPostAsync(DbConnection connection, long postId, CancellationToken ct) =>
        (await connection.QueryAsync<ModerationRow>(new CommandDefinition(ActiveOnPostSql, new { postId }, cancellationToken: ct))).AsList();

    private const string GetActiveSql = ActiveColumns + """

           AND m.id = @id
        """;

    public Task<ModerationRow?> GetActiveAsync(DbConnection connection, long id, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<ModerationRow>(GetActiveSql, new { id }, transaction);

    private const string AnswerSql = """
        UPDATE moderations
           SET answer = @answer, answered_at = @now
         WHERE id = @id AND restored_at IS NULL AND answer IS NULL
        """;

    /// One answer per hiding: false when it was answered already or restored meanwhile.
    public async Task<bool> AnswerAsync(DbConnection connection, DbTransaction transaction, long id, string answer) =>
        await connection.ExecuteAsync(AnswerSql, new { id, answer, now = clock.GetUtcNow() }, transaction) > 0;

    private const string RestoredSql = """
        UPDATE moderations
           SET restored_by = @moderatorId, restored_at = @now
         WHERE id = @id AND restored_at IS NULL
        """;

    public async Task<bool> RestoredAsync(DbConnection connection, DbTransaction transaction, long id, long moderatorId) =>
        await connection.ExecuteAsync(RestoredSql, new { id, moderatorId, now = clock.GetUtcNow() }, transaction) > 0;
}
