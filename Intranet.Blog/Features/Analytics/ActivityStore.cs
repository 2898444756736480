using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Analytics;

/// Owns activity_rollups (active people per department and period), activity_marks (the rollup's working state for
/// periods not over yet) and activity_watermark.
public sealed class ActivityStore
{
    private const string WatermarkSql = "SELECT processed_until FROM activity_watermark WHERE id = 1";

    public async Task<DateTimeOffset?> WatermarkAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(WatermarkSql, transaction: transaction);

    private const string SetWatermarkSql = """
        INSERT INTO activity_watermark (id, processed_until)
        VALUES (1, @until)
            ON CONFLICT (id) DO UPDATE SET processed_until = excluded.processed_until
        """;

    public Task SetWatermarkAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset until) =>
        connection.ExecuteAsync(SetWatermarkSql, new { until }, transaction);

    private const string MarkSql = """
        INSERT INTO activity_marks (period, starts_on, user_id, ends_at, read)
        VALUES (@Kind, @StartsOn, @UserId, @EndsAt, @Read)
            ON CONFLICT (period, starts_on, user_id) DO UPDATE SET read = MAX(read, excluded.read)
        """;

    public Task MarkAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<ActivityMark> marks) =>
        connection.ExecuteAsync(MarkSql, marks, transaction);

    // Every period that still has marks is counted again, each person in the department they are in now; a period's
    // rows are replaced whole, so a department someone left keeps no stale count.
    private const string CountSql = """
        DELETE FROM activity_rollups
         WHERE (period, starts_on) IN (SELECT DISTINCT period, starts_on FROM activity_marks);

        INSERT INTO activity_rollups (period, starts_on, department_id, accounts, active, readers)
        SELECT m.period, m.starts_on, IFNULL(u.department_id, 0),
               (SELECT COUNT(*) FROM users a WHERE a.is_active = 1 AND IFNULL(a.department_id, 0) = IFNULL(u.department_id, 0)),
               COUNT(*), SUM(m.read)
          FROM activity_marks m
          JOIN users u ON u.id = m.user_id
         GROUP BY m.period, m.starts_on, IFNULL(u.department_id, 0);
        """;

    public Task CountAsync(SqliteConnection connection, SqliteTransaction transaction) =>
        connection.ExecuteAsync(CountSql, transaction: transaction);

    private const string ForgetEndedSql = "DELETE FROM activity_marks WHERE ends_at <= @until";

    /// Marks of periods that are over and counted: nothing needs them, so nobody keeps them. Returns how many.
    public Task<int> ForgetEndedAsync(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset until) =>
        connection.ExecuteAsync(ForgetEndedSql, new { until }, transaction);

    private const string RollupsSql = """
        SELECT period AS kind, starts_on, department_id, accounts, active, readers
          FROM activity_rollups
         WHERE period = @kind AND starts_on = @startsOn
        """;

    /// A period's stored counts per department (0: no department). Raw: the smallest-group rule is the reader's job.
    public async Task<IReadOnlyList<ActivityRollupRow>> RollupsAsync(SqliteConnection connection, string kind, string startsOn, CancellationToken ct) =>
        [.. await connection.QueryAsync<ActivityRollupRow>(new CommandDefinition(RollupsSql, new { kind, startsOn }, cancellationToken: ct))];
}

public sealed record ActivityMark(string Kind, string StartsOn, long UserId, DateTimeOffset EndsAt, bool Read);

public sealed record ActivityRollupRow
{
    public string Kind { get; init; } = "";
    public string StartsOn { get; init; } = "";
    public long DepartmentId { get; init; }
    public int Accounts { get; init; }
    public int Active { get; init; }
    public int Readers { get; init; }
}
