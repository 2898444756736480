using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;

namespace Intranet.Blog.Features.Questions;

/// A question's facts: its asker and department, when it was asked, first answered and accepted.
public sealed record QuestionRow
{
    public long PostId { get; init; }
    public long AskerId { get; init; }
    public long? DepartmentId { get; init; }
    public long? PostDepartmentId { get; init; }
    public DateTimeOffset AskedAt { get; init; }
    public DateTimeOffset? FirstAnswerAt { get; init; }
    public long? AcceptedCommentId { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }

    /// The post is neither deleted nor hidden by moderation.
    public bool Listed { get; init; }
}

/// An open question as the list shows it.
public sealed record OpenQuestionRow
{
    public long PostId { get; init; }
    public string Title { get; init; } = "";
    public long AskerId { get; init; }
    public string AskerName { get; init; } = "";
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public DateTimeOffset AskedAt { get; init; }
}

/// When a question was asked and first answered (null: not yet).
public sealed record AnsweringRow
{
    public long? DepartmentId { get; init; }
    public DateTimeOffset AskedAt { get; init; }
    public DateTimeOffset? FirstAnswerAt { get; init; }
}

/// A department's own target and working hours, as stored (NULLs: the organisation's).
public sealed record ResponseTargetRow
{
    public long DepartmentId { get; init; }
    public int TargetMinutes { get; init; }
    public string? TimeZone { get; init; }
    public int? WorkDays { get; init; }
    public int? WorkStart { get; init; }
    public int? WorkEnd { get; init; }
}

/// Owns questions, answer_votes and response_targets. The lists read posts and users for what they show, under the
/// one visibility rule (PostVisibility), because a list of titles that needed a second query per row would be N+1.
public sealed class QuestionStore(TimeProvider clock)
{
    // The asker's department is read in the same statement, so a company-wide question belongs to the department the
    // asker is in at the moment of asking.
    private const string AskedSql = """
        INSERT INTO questions (post_id, department_id, asked_at)
        SELECT p.id, COALESCE(p.department_id, u.department_id), p.created_at
          FROM posts p
          JOIN users u ON u.id = p.author_id
         WHERE p.id = @postId
        """;

    public Task<int> AskedAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        connection.ExecuteAsync(AskedSql, new { postId }, transaction);

    private const string GetSql = """
        SELECT q.post_id, p.author_id AS asker_id, q.department_id, p.department_id AS post_department_id, q.asked_at,
               q.first_answer_at, q.accepted_comment_id, q.reminded_at,
        """ + " (" + PostVisibility.Listed + ") AS listed" + """

          FROM questions q
          JOIN posts p ON p.id = q.post_id
         WHERE q.post_id = @postId
        """;

    public Task<QuestionRow?> GetAsync(DbConnection connection, long postId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<QuestionRow?>(new CommandDefinition(GetSql, new { postId }, transaction, cancellationToken: ct));

    // Reads a comment, never writes it: which post it answers, by whom, and whether others still see it.
    private const string AnswerSql = """
        SELECT c.id AS comment_id, c.post_id, c.parent_id, c.author_id, (c.deleted_at IS NULL AND c.hidden_at IS NULL) AS visible
          FROM comments c
         WHERE c.id = @commentId
        """;

    public Task<AnswerRow?> AnswerAsync(DbConnection connection, long commentId, CancellationToken ct, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<AnswerRow?>(new CommandDefinition(AnswerSql, new { commentId }, transaction, cancellationToken: ct));

    private const string AnsweredSql = """
        UPDATE questions
           SET first_answer_at = @now, first_answer_id = @commentId
         WHERE post_id = @postId AND first_answer_at IS NULL
        """;

    /// The first answer by someone other than the asker; 0 when the question had one already (or is none).
    public Task<int> AnsweredAsync(DbConnection connection, DbTransaction transaction, long postId, long commentId) =>
        connection.ExecuteAsync(AnsweredSql, new { postId, commentId, now = clock.GetUtcNow() }, transaction);

    private const string AcceptSql = """
        UPDATE questions
           SET accepted_comment_id = @commentId, accepted_by = @by, accepted_at = CASE WHEN @commentId IS NULL THEN NULL ELSE @now END
         WHERE post_id = @postId AND accepted_comment_id IS DISTINCT FROM @commentId
        """;

    /// Accepts an answer (another replaces it) or, with null, takes the acceptance back; 0 when nothing changed.
    public Task<int> AcceptAsync(DbConnection connection, DbTransaction transaction, long postId, long? commentId, long by) =>
        connection.ExecuteAsync(AcceptSql, new { postId, commentId, by, now = clock.GetUtcNow() }, transaction);

    private const string VoteSql = """
        INSERT INTO answer_votes (comment_id, user_id, created_at)
        VALUES (@commentId, @userId, @now)
        ON CONFLICT (comment_id, user_id) DO NOTHING
        """;

    private const string UnvoteSql = "DELETE FROM answer_votes WHERE comment_id = @commentId AND user_id = @userId";

    /// Marks or unmarks an answer as helpful; 0 when it already was in that state (a second click, a concurrent one).
    public Task<int> SetVoteAsync(DbConnection connection, DbTransaction transaction, long commentId, long userId, bool helpful) =>
        connection.ExecuteAsync(helpful ? VoteSql : UnvoteSql, new { commentId, userId, now = clock.GetUtcNow() }, transaction);

    private const string HelpfulSql = """
        SELECT comment_id AS id, COUNT(*) AS count
          FROM answer_votes
         WHERE comment_id IN @commentIds
         GROUP BY comment_id
        """;

    public async Task<IReadOnlyDictionary<long, int>> HelpfulAsync(DbConnection connection, IReadOnlyCollection<long> commentIds, CancellationToken ct, DbTransaction? transaction = null) =>
        commentIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(HelpfulSql, new { commentIds }, transaction, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);

    private const string MineSql = "SELECT comment_id FROM answer_votes WHERE comment_id IN @commentIds AND user_id = @userId";

    public async Task<IReadOnlySet<long>> MineAsync(DbConnection connection, IReadOnlyCollection<long> commentIds, long userId, CancellationToken ct) =>
        commentIds.Count == 0 ? new HashSet<long>()
            : (await connection.QueryAsync<long>(new CommandDefinition(MineSql, new { commentIds, userId }, cancellationToken: ct))).ToHashSet();

    // Oldest first; a department's list, or (@departmentId NULL as a second statement would be the same plan) everyone's.
    private const string OpenColumns = """
        SELECT q.post_id, COALESCE(NULLIF(p.title, ''), p.excerpt) AS title, p.author_id AS asker_id, u.display_name AS asker_name,
               q.department_id, d.name AS department_name, q.asked_at
          FROM questions q
          JOIN posts p ON p.id = q.post_id
          JOIN users u ON u.id = p.author_id
          LEFT JOIN departments d ON d.id = q.department_id
         WHERE q.first_answer_at IS NULL AND q.accepted_comment_id IS NULL AND
        """;

    private const string OpenSql = OpenColumns + " " + PostVisibility.Listed + """

         ORDER BY q.asked_at, q.post_id
         LIMIT @take
        """;

    private const string OpenInDepartmentSql = OpenColumns + " " + PostVisibility.Listed + """

           AND q.department_id = @departmentId
         ORDER BY q.asked_at, q.post_id
         LIMIT @take
        """;

    public async Task<IReadOnlyList<OpenQuestionRow>> OpenAsync(DbConnection connection, long? departmentId, int take, CancellationToken ct) =>
        (await connection.QueryAsync<OpenQuestionRow>(new CommandDefinition(departmentId is null ? OpenSql : OpenInDepartmentSql, new { departmentId, take }, cancellationToken: ct))).AsList();

    private const string UnremindedSql = """
        SELECT q.post_id, p.author_id AS asker_id, q.department_id, p.department_id AS post_department_id, q.asked_at,
               q.first_answer_at, q.accepted_comment_id, q.reminded_at
          FROM questions q
          JOIN posts p ON p.id = q.post_id
         WHERE q.first_answer_at IS NULL AND q.accepted_comment_id IS NULL AND q.reminded_at IS NULL AND q.department_id IS NOT NULL AND
        """ + " " + PostVisibility.Listed + """

         ORDER BY q.asked_at
         LIMIT 1000
        """;

    /// Open questions whose influencers have not been reminded yet, oldest first (the reminder round picks the due ones).
    public async Task<IReadOnlyList<QuestionRow>> UnremindedAsync(DbConnection connection, CancellationToken ct) =>
        (await connection.QueryAsync<QuestionRow>(new CommandDefinition(UnremindedSql, cancellationToken: ct))).AsList();

    private const string RemindedSql = """
        UPDATE questions
           SET reminded_at = @now
         WHERE post_id = @postId AND reminded_at IS NULL AND first_answer_at IS NULL AND accepted_comment_id IS NULL
        """;

    /// Claims the one reminder of a question: 1 for the round that sends it, 0 for any other (sent, or answered meanwhile).
    public Task<int> RemindedAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        connection.ExecuteAsync(RemindedSql, new { postId, now = clock.GetUtcNow() }, transaction);

    private const string AnsweringSql = """
        SELECT q.asked_at, q.first_answer_at
          FROM questions q
          JOIN posts p ON p.id = q.post_id
         WHERE q.department_id = @departmentId AND q.asked_at >= @from AND q.asked_at < @to AND
        """ + " " + PostVisibility.Listed;

    /// When each question of a department asked in [from, to) was asked and first answered (null: not yet), for the figures.
    public async Task<IReadOnlyList<AnsweringRow>> AnsweringAsync(
        DbConnection connection, long departmentId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await connection.QueryAsync<AnsweringRow>(new CommandDefinition(AnsweringSql, new { departmentId, from, to }, cancellationToken: ct))).AsList();

    private const string AnsweringAllSql = """
        SELECT q.department_id, q.asked_at, q.first_answer_at
          FROM questions q
          JOIN posts p ON p.id = q.post_id
         WHERE q.asked_at >= @from AND q.asked_at < @to AND
        """ + " " + PostVisibility.Listed;

    /// The same for every department's questions asked in [from, to), each with its department (analytics).
    public async Task<IReadOnlyList<AnsweringRow>> AnsweringAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        (await connection.QueryAsync<AnsweringRow>(new CommandDefinition(AnsweringAllSql, new { from, to }, cancellationToken: ct))).AsList();

    private const string TargetsSql = """
        SELECT department_id, target_minutes, time_zone, work_days, work_start, work_end
          FROM response_targets
         WHERE department_id IN @departmentIds
        """;

    public async Task<IReadOnlyDictionary<long, ResponseTargetRow>> TargetsAsync(DbConnection connection, IReadOnlyCollection<long> departmentIds, CancellationToken ct) =>
        departmentIds.Count == 0 ? new Dictionary<long, ResponseTargetRow>()
            : (await connection.QueryAsync<ResponseTargetRow>(new CommandDefinition(TargetsSql, new { departmentIds }, cancellationToken: ct))).ToDictionary(r => r.DepartmentId);

    private const string SaveTargetSql = """
        INSERT INTO response_targets (department_id, target_minutes, time_zone, work_days, work_start, work_end, updated_by, updated_at)
        VALUES (@DepartmentId, @TargetMinutes, @TimeZone, @WorkDays, @WorkStart, @WorkEnd, @by, @now)
        ON CONFLICT (department_id) DO UPDATE
           SET target_minutes = excluded.target_minutes, time_zone = excluded.time_zone, work_days = excluded.work_days,
               work_start = excluded.work_start, work_end = excluded.work_end, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """;

    public Task SaveTargetAsync(DbConnection connection, DbTransaction transaction, ResponseTargetRow row, long by) =>
        connection.ExecuteAsync(SaveTargetSql, new { row.DepartmentId, row.TargetMinutes, row.TimeZone, row.WorkDays, row.WorkStart, row.WorkEnd, by, now = clock.GetUtcNow() }, transaction);

    private const string AcceptedAnswerersSql = """
        SELECT c.author_id
          FROM questions q
          JOIN comments c ON c.id = q.accepted_comment_id
          JOIN posts p ON p.id = q.post_id
         WHERE q.accepted_comment_id IS NOT NULL AND q.accepted_at >= @from AND q.accepted_at < @to
           AND c.author_id <> p.author_id AND c.deleted_at IS NULL AND c.hidden_at IS NULL AND
        """ + " " + PostVisibility.Listed;

    /// The writers of the answers accepted in [from, to), once per answer (helpful colleagues; an asker's own answer
    /// to their own question does not count).
    public async Task<IReadOnlyList<long>> AcceptedAnswerersAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(AcceptedAnswerersSql, new { from, to }, cancellationToken: ct))];

    private const string HelpedSql = """
        SELECT c.author_id
          FROM answer_votes v
          JOIN comments c ON c.id = v.comment_id
         WHERE v.created_at >= @from AND v.created_at < @to AND v.user_id <> c.author_id AND c.deleted_at IS NULL AND c.hidden_at IS NULL
        """;

    /// The writers of answers marked helpful in [from, to), once per mark.
    public async Task<IReadOnlyList<long>> HelpedAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(HelpedSql, new { from, to }, cancellationToken: ct))];
}
