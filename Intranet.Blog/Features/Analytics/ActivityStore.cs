using System.Data.Common;
using Dapper;

namespace Intranet.Blog.Features.Analytics;

/// Owns activity_rollups (active people per department and period), activity_marks (the rollup's working state for
/// periods not over yet), activity_days (what happened per day) and activity_watermark.
public sealed class ActivityStore
{
    private const string WatermarkSql = "SELECT processed_until FROM activity_watermark WHERE id = 1";

    public async Task<DateTimeOffset?> WatermarkAsync(DbConnection connection, DbTransaction transaction) =>
        await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(WatermarkSql, transaction: transaction);

    // counted_since is the first round's start and stays; the first round counts days as they are counted now.
    private const string SetWatermarkSql = """
        INSERT INTO activity_watermark (id, processed_until, counted_since, days_version)
        VALUES (1, @until, @since, @version)
            ON CONFLICT (id) DO UPDATE SET processed_until = excluded.processed_until
        """;

    public Task SetWatermarkAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset until, DateTimeOffset since) =>
        connection.ExecuteAsync(SetWatermarkSql, new { until, since, version = ActivityRollup.DaysVersion }, transaction);

    private const string CountedSinceSql = "SELECT counted_since FROM activity_watermark WHERE id = 1";

    /// Where the counting began (null: nothing counted yet).
    public async Task<DateTimeOffset?> CountedSinceAsync(DbConnection connection, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(CountedSinceSql, cancellationToken: ct));

    private const string DaysVersionSql = "SELECT processed_until, days_version FROM activity_watermark WHERE id = 1";

    /// Up to where days are counted, and by which definition (null: nothing counted yet).
    public async Task<(DateTimeOffset Until, int Version)?> DaysVersionAsync(DbConnection connection, DbTransaction transaction) =>
        await connection.QuerySingleOrDefaultAsync<(DateTimeOffset, int)?>(DaysVersionSql, transaction: transaction);

    private const string SetDaysVersionSql = "UPDATE activity_watermark SET days_version = @version WHERE id = 1";

    public Task SetDaysVersionAsync(DbConnection connection, DbTransaction transaction, int version) =>
        connection.ExecuteAsync(SetDaysVersionSql, new { version }, transaction);

    private const string ClearDaySql = "DELETE FROM activity_days WHERE day = @day";

    private const string DaySql = """
        INSERT INTO activity_days (day, department_id, metric, count)
        VALUES (@Day, @DepartmentId, @Metric, @Count)
        """;

    /// A day's counts, replaced whole: a day is counted again from its rows each time it has new activity.
    public async Task ReplaceDayAsync(DbConnection connection, DbTransaction transaction, string day, IEnumerable<DayCount> counts)
    {
        await connection.ExecuteAsync(ClearDaySql, new { day }, transaction);
        await connection.ExecuteAsync(DaySql, counts.Where(c => c.Count > 0), transaction);
    }

    private const string DaysSql = """
        SELECT day, department_id, metric, count
          FROM activity_days
         WHERE day >= @from AND day < @to
        """;

    /// The day counts of the local days in [from, to) (yyyy-MM-dd), every department; the reader picks its own.
    public async Task<IReadOnlyList<DayCount>> DaysAsync(DbConnection connection, string from, string to, CancellationToken ct) =>
        [.. await connection.QueryAsync<DayCount>(new CommandDefinition(DaysSql, new { from, to }, cancellationToken: ct))];

    private const string RollupsBetweenSql = """
        SELECT period AS kind, starts_on, department_id, accounts, active, readers
          FROM activity_rollups
         WHERE period = @kind AND starts_on >= @from AND starts_on < @to
        """;

    /// The stored counts of every period of a kind starting in [from, to) (yyyy-MM-dd).
    public async Task<IReadOnlyList<ActivityRollupRow>> RollupsBetweenAsync(DbConnection connection, string kind, string from, string to, CancellationToken ct) =>
        [.. await connection.QueryAsync<ActivityRollupRow>(new CommandDefinition(RollupsBetweenSql, new { kind, from, to }, cancellationToken: ct))];

    private const string MarkSql = """
        INSERT INTO activity_marks (period, starts_on, user_id, ends_at, read)
        VALUES (@Kind, @StartsOn, @UserId, @EndsAt, @Read)
            ON CONFLICT (period, starts_on, user_id) DO UPDATE SET read = CASE WHEN excluded.read = 1 THEN 1 ELSE activity_marks.read END
        """;

    public Task MarkAsync(DbConnection connection, DbTransaction transaction, IEnumerable<ActivityMark> marks) =>
        connection.ExecuteAsync(MarkSql, marks, transaction);

    // Every period that still has marks is counted again, each person in the department they are in now; a period's
    // rows are replaced whole, so a department someone left keeps no stale count.
    private const string CountSql = """
        DELETE FROM activity_rollups
         WHERE (period, starts_on) IN (SELECT DISTINCT period, starts_on FROM activity_marks);

        INSERT INTO activity_rollups (period, starts_on, department_id, accounts, active, readers)
        SELECT g.period, g.starts_on, g.department_id,
               (SELECT COUNT(*) FROM users a WHERE a.is_active = 1 AND COALESCE(a.department_id, 0) = g.department_id),
               g.active, g.readers
          FROM (SELECT m.period, m.starts_on, COALESCE(u.department_id, 0) AS department_id, COUNT(*) AS active, SUM(m.read) AS readers
                  FROM activity_marks m
                  JOIN users u ON u.id = m.user_id
                 GROUP BY m.period, m.starts_on, COALESCE(u.department_id, 0)) g;
        """;

    public Task CountAsync(DbConnection connection, DbTransaction transaction) =>
        connection.ExecuteAsync(CountSql, transaction: transaction);

    private const string ForgetEndedSql = "DELETE FROM activity_marks WHERE ends_at <= @until";

    /// Marks of periods that are over and counted: nothing needs them, so nobody keeps them. Returns how many.
    public Task<int> ForgetEndedAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset until) =>
        connection.ExecuteAsync(ForgetEndedSql, new { until }, transaction);

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

/// One count of a day: metric is 'post:<kind>', 'reaction' or 'dialogue:<writer level>:<author level>'.
public sealed record DayCount
{
    public string Day { get; init; } = "";
    public long DepartmentId { get; init; }
    public string Metric { get; init; } = "";
    public int Count { get; init; }
}
