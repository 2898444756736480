using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;

namespace Intranet.Blog.Features.Posts;

/// Owns post_seen (a post's card was shown to the person: in a feed, on a profile) and post_opens (the person opened
/// the post's page), one row per person and post each. Nothing here lists who saw or opened: only the counts on the
/// post are ever shown, and only to its author. "Opened" is the figure that must-read announcements, the reach
/// funnel and the digest build on.
public sealed class ReachStore(TimeProvider clock)
{
    private const string SeenAmongSql = """
        SELECT post_id
          FROM post_seen
         WHERE post_id IN @postIds AND user_id = @userId
        """;

    public async Task<HashSet<long>> SeenAmongAsync(DbConnection connection, IReadOnlyList<long> postIds, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(SeenAmongSql, new { postIds, userId }, cancellationToken: ct))).ToHashSet();

    private const string OpenedAmongSql = """
        SELECT post_id
          FROM post_opens
         WHERE post_id IN @postIds AND user_id = @userId
        """;

    public async Task<HashSet<long>> OpenedAmongAsync(DbConnection connection, IReadOnlyList<long> postIds, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(OpenedAmongSql, new { postIds, userId }, cancellationToken: ct))).ToHashSet();

    private const string SeenSql = """
        INSERT INTO post_seen (post_id, user_id, seen_at)
        VALUES (@postId, @userId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// Returns whether the person saw the post for the first time.
    public async Task<bool> RecordSeenAsync(DbConnection connection, DbTransaction transaction, long postId, long userId) =>
        await connection.ExecuteAsync(SeenSql, new { postId, userId, now = clock.GetUtcNow() }, transaction) > 0;

    private const string OpenedSql = """
        INSERT INTO post_opens (post_id, user_id, opened_at)
        VALUES (@postId, @userId, @now)
        ON CONFLICT DO NOTHING
        """;

    // The span boundaries (an hour, a day, a week after publishing) are the funnel's columns (ReachSpans).
    private const string CountOpenedSql = """
        INSERT INTO post_open_counts (post_id, department_id, level, span, opened)
        SELECT p.id, COALESCE(u.department_id, 0), u.level,
               CASE WHEN @now - p.created_at < 3600000 THEN 1
                    WHEN @now - p.created_at < 86400000 THEN 2
                    WHEN @now - p.created_at < 604800000 THEN 3
                    ELSE 4 END,
               1
          FROM posts p
          JOIN users u ON u.id = @userId
         WHERE p.id = @postId
            ON CONFLICT (post_id, department_id, level, span) DO UPDATE SET opened = post_open_counts.opened + 1
        """;

    /// Returns whether the person opened the post for the first time; a first open is also counted in the post's
    /// funnel cells (department, level, time since publishing), which outlive the per-person row.
    public async Task<bool> RecordOpenedAsync(DbConnection connection, DbTransaction transaction, long postId, long userId)
    {
        var now = clock.GetUtcNow();
        if (await connection.ExecuteAsync(OpenedSql, new { postId, userId, now }, transaction) == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(CountOpenedSql, new { postId, userId, now }, transaction);
        return true;
    }

    private const string FoldSql = """
        DELETE FROM post_opens WHERE post_id IN @postIds;
        DELETE FROM post_seen WHERE post_id IN @postIds;
        """;

    /// Retention: the per-person rows of these posts go; their counts (on the post and in post_open_counts) stay.
    public Task FoldAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> postIds) =>
        connection.ExecuteAsync(FoldSql, new { postIds }, transaction);

    private const string OpenCountsSql = """
        SELECT department_id, level, span, opened
          FROM post_open_counts
         WHERE post_id = @postId
        """;

    /// The funnel's opened cells of one post: counts of people, never who.
    public async Task<IReadOnlyList<OpenCount>> OpenCountsAsync(DbConnection connection, long postId, CancellationToken ct) =>
        [.. await connection.QueryAsync<OpenCount>(new CommandDefinition(OpenCountsSql, new { postId }, cancellationToken: ct))];

    private const string FirstWeekOpenedSql = """
        SELECT r.id, COALESCE(SUM(c.opened), 0) AS count
          FROM (SELECT id
                  FROM posts
                 WHERE kind = @kind AND id <> @postId AND created_at <= @weekAgo AND deleted_at IS NULL AND hidden_at IS NULL
                 ORDER BY kind, id DESC
                 LIMIT @take) r
          LEFT JOIN post_open_counts c ON c.post_id = r.id AND c.span <= 3
         GROUP BY r.id
        """;

    private const string AuthorFirstWeekOpenedSql = """
        SELECT r.id, COALESCE(SUM(c.opened), 0) AS count
          FROM (SELECT id
                  FROM posts
                 WHERE author_id = @authorId AND kind = @kind AND id <> @postId AND created_at <= @weekAgo AND deleted_at IS NULL AND hidden_at IS NULL
                 ORDER BY author_id, id DESC
                 LIMIT @take) r
          LEFT JOIN post_open_counts c ON c.post_id = r.id AND c.span <= 3
         GROUP BY r.id
        """;

    /// People who opened each of the latest posts of a kind (the author's own, or anyone's) within its first week:
    /// the comparison line's samples. Only posts at least a week old, so every sample had its whole first week.
    public async Task<IReadOnlyList<int>> FirstWeekOpenedAsync(DbConnection connection, long postId, string kind, long? authorId, int take, CancellationToken ct)
    {
        var args = new { postId, kind, authorId, take, weekAgo = clock.GetUtcNow().AddDays(-7) };
        var rows = await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(authorId is null ? FirstWeekOpenedSql : AuthorFirstWeekOpenedSql, args, cancellationToken: ct));
        return [.. rows.Select(r => r.Count)];
    }

    private const string OpenersSinceSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM post_opens
         WHERE post_id IN @postIds AND opened_at >= @since
         GROUP BY post_id
        """;

    /// Distinct people who first opened each post since a time: a count, never who (a guide's usefulness).
    public async Task<IReadOnlyDictionary<long, int>> OpenersSinceAsync(DbConnection connection, IReadOnlyList<long> postIds, DateTimeOffset since, CancellationToken ct) =>
        postIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(OpenersSinceSql, new { postIds, since }, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);

    private const string OpensBetweenSql = """
        SELECT user_id AS user_id, opened_at AS at
          FROM post_opens
         WHERE opened_at >= @from AND opened_at < @to
        """;

    /// Who first opened a post in [from, to): analytics' rollup counts the people per period.
    public async Task<IReadOnlyList<PersonActivity>> OpensBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<PersonActivity>(OpensBetweenSql, new { from, to }, transaction)];
}

/// People of one department (0: none) and hierarchy level who first opened a post within one span after publishing.
public sealed record OpenCount
{
    public long DepartmentId { get; init; }
    public int Level { get; init; }
    public int Span { get; init; }
    public int Opened { get; init; }
}
