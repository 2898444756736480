using Dapper;
using Microsoft.Data.Sqlite;

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

    public async Task<HashSet<long>> SeenAmongAsync(SqliteConnection connection, IReadOnlyList<long> postIds, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(SeenAmongSql, new { postIds, userId }, cancellationToken: ct))).ToHashSet();

    private const string OpenedAmongSql = """
        SELECT post_id
          FROM post_opens
         WHERE post_id IN @postIds AND user_id = @userId
        """;

    public async Task<HashSet<long>> OpenedAmongAsync(SqliteConnection connection, IReadOnlyList<long> postIds, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(OpenedAmongSql, new { postIds, userId }, cancellationToken: ct))).ToHashSet();

    private const string SeenSql = """
        INSERT INTO post_seen (post_id, user_id, seen_at)
        VALUES (@postId, @userId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// Returns whether the person saw the post for the first time.
    public async Task<bool> RecordSeenAsync(SqliteConnection connection, SqliteTransaction transaction, long postId, long userId) =>
        await connection.ExecuteAsync(SeenSql, new { postId, userId, now = clock.GetUtcNow() }, transaction) > 0;

    private const string OpenedSql = """
        INSERT INTO post_opens (post_id, user_id, opened_at)
        VALUES (@postId, @userId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// Returns whether the person opened the post for the first time.
    public async Task<bool> RecordOpenedAsync(SqliteConnection connection, SqliteTransaction transaction, long postId, long userId) =>
        await connection.ExecuteAsync(OpenedSql, new { postId, userId, now = clock.GetUtcNow() }, transaction) > 0;

    private const string OpenersSinceSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM post_opens
         WHERE post_id IN @postIds AND opened_at >= @since
         GROUP BY post_id
        """;

    /// Distinct people who first opened each post since a time: a count, never who (a guide's usefulness).
    public async Task<IReadOnlyDictionary<long, int>> OpenersSinceAsync(SqliteConnection connection, IReadOnlyList<long> postIds, DateTimeOffset since, CancellationToken ct) =>
        postIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(OpenersSinceSql, new { postIds, since }, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);
}
