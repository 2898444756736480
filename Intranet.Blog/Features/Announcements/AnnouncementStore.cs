using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Announcements;

/// Owns announcements, announcement_departments, announcement_recipients and acknowledgements. Acknowledgements are
/// only ever added: they are the evidence of instruction.
public sealed class AnnouncementStore
{
    private const string InsertSql = """
        INSERT INTO announcements (post_id, author_id, whole_company, must_read, due_on, due_at, ends_at, created_at)
        VALUES (@postId, @authorId, @WholeCompany, @MustRead, @DueOn, @DueAt, @EndsAt, @now)
        """;

    private const string InsertDepartmentSql = """
        INSERT INTO announcement_departments (post_id, department_id, chosen)
        VALUES (@postId, @departmentId, @chosen)
        """;

    private const string InsertRecipientSql = """
        INSERT INTO announcement_recipients (post_id, user_id, department_id, counted)
        VALUES (@postId, @userId, @departmentId, 1)
        """;

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, long postId, long authorId, AnnouncementPlan plan,
        IReadOnlyCollection<long> subtree, IReadOnlyCollection<(long UserId, long? DepartmentId)> recipients, DateTimeOffset now)
    {
        await connection.ExecuteAsync(InsertSql, new { postId, authorId, plan.WholeCompany, plan.MustRead, DueOn = plan.DueOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), plan.DueAt, plan.EndsAt, now }, transaction);
        await connection.ExecuteAsync(InsertDepartmentSql, subtree.Select(id => new { postId, departmentId = id, chosen = plan.DepartmentIds.Contains(id) }), transaction);
        await connection.ExecuteAsync(InsertRecipientSql, recipients.Select(r => new { postId, userId = r.UserId, departmentId = r.DepartmentId }), transaction);
    }

    private const string GetSql = """
        SELECT post_id, author_id, whole_company, must_read, due_on, due_at, ends_at, round, reminded_at, created_at
          FROM announcements
         WHERE post_id = @postId
        """;

    public Task<Announcement?> GetAsync(DbConnection connection, long postId, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<Announcement>(GetSql, new { postId }, transaction);

    private const string TagsSql = """
        SELECT a.post_id, a.whole_company, a.must_read, a.due_on,
               COALESCE((SELECT string_agg(CAST(d.department_id AS TEXT), ',') FROM announcement_departments d WHERE d.post_id = a.post_id), '') AS departments
          FROM announcements a
         WHERE a.post_id IN @postIds
        """;

    /// The announcements among some posts (a feed page), in one query.
    public async Task<IReadOnlyList<AnnouncementTag>> TagsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, CancellationToken ct) =>
        postIds.Count == 0 ? [] : (await connection.QueryAsync<AnnouncementTag>(new CommandDefinition(TagsSql, new { postIds }, cancellationToken: ct))).AsList();

    // Must-reads stay until acknowledged in the current round, other announcements until opened; both until they end.
    private const string PendingSql = """
        SELECT a.post_id
          FROM announcement_recipients r
          JOIN announcements a ON a.post_id = r.post_id
         WHERE r.user_id = @userId
           AND (a.ends_at IS NULL OR a.ends_at > @now)
           AND CASE WHEN a.must_read = 1
                    THEN NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.post_id = a.post_id AND k.round = a.round AND k.user_id = r.user_id)
                    ELSE r.opened_at IS NULL END
         ORDER BY a.post_id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<long>> PendingAsync(DbConnection connection, long userId, DateTimeOffset now, int take, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(PendingSql, new { userId, now, take }, cancellationToken: ct))).AsList();

    private const string RecipientSql = """
        SELECT counted, opened_at IS NOT NULL AS opened
          FROM announcement_recipients
         WHERE post_id = @postId AND user_id = @userId
        """;

    public Task<RecipientState?> RecipientAsync(DbConnection connection, long postId, long userId, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<RecipientState>(RecipientSql, new { postId, userId }, transaction);

    private const string DepartmentsSql = "SELECT department_id FROM announcement_departments WHERE post_id = @postId";

    public async Task<IReadOnlyList<long>> DepartmentIdsAsync(DbConnection connection, long postId, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<long>(DepartmentsSql, new { postId }, transaction)).AsList();

    // A first open by someone addressed only later (they joined a department afterwards) adds them, not counted.
    private const string OpenedSql = """
        INSERT INTO announcement_recipients (post_id, user_id, department_id, counted, opened_at)
        VALUES (@postId, @userId, NULL, 0, @now)
            ON CONFLICT (post_id, user_id) DO UPDATE SET opened_at = COALESCE(announcement_recipients.opened_at, excluded.opened_at)
        """;

    public Task OpenedAsync(DbConnection connection, DbTransaction transaction, long postId, long userId, DateTimeOffset now) =>
        connection.ExecuteAsync(OpenedSql, new { postId, userId, now }, transaction);

    private const string AcknowledgementsSql = """
        SELECT round, version
          FROM acknowledgements
         WHERE post_id = @postId AND user_id = @userId
         ORDER BY round DESC
        """;

    /// The person's acknowledgements of the post, the latest round first.
    public async Task<IReadOnlyList<(int Round, int Version)>> AcknowledgementsAsync(DbConnection connection, long postId, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<(int, int)>(new CommandDefinition(AcknowledgementsSql, new { postId, userId }, cancellationToken: ct))).AsList();

    private const string AcknowledgeSql = """
        INSERT INTO acknowledgements (post_id, round, user_id, version, acknowledged_at)
        VALUES (@postId, @round, @userId, @version, @now)
            ON CONFLICT (post_id, round, user_id) DO NOTHING
        """;

    /// Returns false when the person had already acknowledged this round (a second click changes nothing).
    public async Task<bool> AcknowledgeAsync(DbConnection connection, DbTransaction transaction, long postId, int round, long userId, int version, DateTimeOffset now) =>
        await connection.ExecuteAsync(AcknowledgeSql, new { postId, round, userId, version, now }, transaction) > 0;

    private const string ProgressSql = """
        SELECT r.department_id, d.name AS department_name, COUNT(*) AS total, COUNT(k.user_id) AS acknowledged, COUNT(r.opened_at) AS opened
          FROM announcement_recipients r
          LEFT JOIN departments d ON d.id = r.department_id
          LEFT JOIN acknowledgements k ON k.post_id = r.post_id AND k.round = @round AND k.user_id = r.user_id
         WHERE r.post_id = @postId AND r.counted = 1
         GROUP BY r.department_id, d.name
         ORDER BY d.name
        """;

    public async Task<IReadOnlyList<DepartmentProgress>> ProgressAsync(DbConnection connection, long postId, int round, CancellationToken ct) =>
        (await connection.QueryAsync<DepartmentProgress>(new CommandDefinition(ProgressSql, new { postId, round }, cancellationToken: ct))).AsList();

    private const string PendingPeopleSql = "SELECT " + PersonCardSql.Columns + """

          FROM announcement_recipients r
          JOIN users u ON u.id = r.user_id

        """ + PersonCardSql.JoinDepartment + """

         WHERE r.post_id = @postId AND r.counted = 1
           AND NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.post_id = r.post_id AND k.round = @round AND k.user_id = r.user_id)
         ORDER BY ud.name, u.display_name, u.id
        """;

    /// Who has not acknowledged the current round: only for must-reads, whose readers are told so.
    public async Task<IReadOnlyList<PersonCard>> PendingPeopleAsync(DbConnection connection, long postId, int round, CancellationToken ct) =>
        (await connection.QueryAsync<PersonCard>(new CommandDefinition(PendingPeopleSql, new { postId, round }, cancellationToken: ct))).AsList();

    private const string PendingIdsSql = """
        SELECT r.user_id
          FROM announcement_recipients r
         WHERE r.post_id = @postId AND r.counted = 1
           AND NOT EXISTS (SELECT 1 FROM acknowledgements k WHERE k.post_id = r.post_id AND k.round = @round AND k.user_id = r.user_id)
        """;

    public async Task<IReadOnlyList<long>> PendingIdsAsync(DbConnection connection, DbTransaction transaction, long postId, int round) =>
        (await connection.QueryAsync<long>(PendingIdsSql, new { postId, round }, transaction)).AsList();

    private const string RecipientIdsSql = "SELECT user_id FROM announcement_recipients WHERE post_id = @postId";

    public async Task<IReadOnlyList<long>> RecipientIdsAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        (await connection.QueryAsync<long>(RecipientIdsSql, new { postId }, transaction)).AsList();

    private const string EvidenceSql = """
        SELECT r.user_id, u.display_name, u.email, d.name AS department_name, k.round, k.version, k.acknowledged_at
          FROM announcement_recipients r
          JOIN users u ON u.id = r.user_id
          LEFT JOIN departments d ON d.id = r.department_id
          LEFT JOIN acknowledgements k ON k.post_id = r.post_id AND k.user_id = r.user_id
         WHERE r.post_id = @postId AND r.counted = 1
         ORDER BY d.name, u.display_name, u.id, k.round
        """;

    public async Task<IReadOnlyList<EvidenceRow>> EvidenceAsync(DbConnection connection, long postId, CancellationToken ct) =>
        (await connection.QueryAsync<EvidenceRow>(new CommandDefinition(EvidenceSql, new { postId }, cancellationToken: ct))).AsList();

    private const string NextRoundSql = "UPDATE announcements SET round = round + 1 WHERE post_id = @postId AND must_read = 1 RETURNING round";

    /// A material change: everyone acknowledges again; the earlier round's rows stay.
    public Task<int?> NextRoundAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        connection.ExecuteScalarAsync<int?>(NextRoundSql, new { postId }, transaction);

    private const string RemindSql = """
        UPDATE announcements
           SET reminded_at = @now
         WHERE post_id = @postId AND must_read = 1 AND (reminded_at IS NULL OR reminded_at <= @dayAgo)
        """;

    /// At most one reminder by hand a day: the check and the stamp are one statement, so two clicks send one.
    public async Task<bool> StampReminderAsync(DbConnection connection, DbTransaction transaction, long postId, DateTimeOffset now) =>
        await connection.ExecuteAsync(RemindSql, new { postId, now, dayAgo = now.AddDays(-1) }, transaction) > 0;

    // A memo hidden by moderation reminds nobody: its readers could not open it. Restored, it reminds then.
    private const string DueSql = """
        SELECT a.post_id
          FROM announcements a
          JOIN posts p ON p.id = a.post_id
         WHERE a.must_read = 1 AND a.due_reminded_at IS NULL AND a.due_at <= @now
           AND p.hidden_at IS NULL AND p.deleted_at IS NULL
         ORDER BY a.due_at
         LIMIT 20
        """;

    public async Task<IReadOnlyList<long>> DueAsync(DbConnection connection, DateTimeOffset now, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(DueSql, new { now }, cancellationToken: ct))).AsList();

    private const string StampDueSql = "UPDATE announcements SET due_reminded_at = @now WHERE post_id = @postId AND due_reminded_at IS NULL";

    /// Returns false when another run reminded already.
    public async Task<bool> StampDueReminderAsync(DbConnection connection, DbTransaction transaction, long postId, DateTimeOffset now) =>
        await connection.ExecuteAsync(StampDueSql, new { postId, now }, transaction) > 0;

    private const string EndSql = """
        UPDATE announcements
           SET ends_at = CASE WHEN ends_at IS NULL OR ends_at > @now THEN @now ELSE ends_at END,
               due_reminded_at = COALESCE(due_reminded_at, @now)
         WHERE post_id = @postId
        """;

    /// The post is gone (deleted, or hidden by moderation): it leaves every feed's top and sends no more reminders.
    public Task EndAsync(DbConnection connection, DbTransaction transaction, long postId, DateTimeOffset now) =>
        connection.ExecuteAsync(EndSql, new { postId, now }, transaction);

    private const string AddresseesSql = """
        SELECT user_id, department_id
          FROM announcement_recipients
         WHERE post_id = @postId AND counted = 1
        """;

    /// The addressees the evidence counts, in the department they belonged to at publishing (the reach funnel's audience).
    public async Task<IReadOnlyList<(long UserId, long? DepartmentId)>> AddresseesAsync(DbConnection connection, long postId, CancellationToken ct) =>
        [.. await connection.QueryAsync<(long, long?)>(new CommandDefinition(AddresseesSql, new { postId }, cancellationToken: ct))];

    private const string AcknowledgedBySql = """
        SELECT user_id
          FROM acknowledgements
         WHERE post_id = @postId AND round = @round
        """;

    /// Who acknowledged the current round: the reach funnel counts them per department and band.
    public async Task<IReadOnlyList<long>> AcknowledgedByAsync(DbConnection connection, long postId, int round, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(AcknowledgedBySql, new { postId, round }, cancellationToken: ct))];

    private const string CompletionSql = """
        SELECT a.post_id, a.created_at, COALESCE(r.department_id, 0) AS department_id, COUNT(*) AS addressed,
               SUM(CASE WHEN EXISTS (SELECT 1 FROM acknowledgements k WHERE k.post_id = a.post_id AND k.round = a.round AND k.user_id = r.user_id)
                        THEN 1 ELSE 0 END) AS acknowledged
          FROM announcements a
          JOIN posts p ON p.id = a.post_id
          JOIN announcement_recipients r ON r.post_id = a.post_id AND r.counted = 1
         WHERE a.must_read = 1 AND a.created_at >= @from AND a.created_at < @to AND p.deleted_at IS NULL AND p.hidden_at IS NULL
         GROUP BY a.post_id, COALESCE(r.department_id, 0)
        """;

    /// Must-reads published in [from, to): per addressed department (0: none) how many were addressed and how many
    /// have acknowledged the current round. Counts; analytics keeps groups of five or more.
    public async Task<IReadOnlyList<MustReadCompletion>> CompletionAsync(DbConnection connection, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        [.. await connection.QueryAsync<MustReadCompletion>(new CommandDefinition(CompletionSql, new { from, to }, cancellationToken: ct))];
}

public sealed record MustReadCompletion
{
    public long PostId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long DepartmentId { get; init; }
    public int Addressed { get; init; }
    public int Acknowledged { get; init; }
}
