using Dapper;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Posts;

/// Owns post_reads: one row per reader and post, so the author sees how many distinct colleagues read it.
/// Nothing here lists who read; only the count on the post is ever shown.
public sealed class ReadStore(TimeProvider clock)
{
    private const string ReadSql = """
        SELECT post_id
          FROM post_reads
         WHERE post_id IN @postIds AND user_id = @userId
        """;

    public async Task<HashSet<long>> AlreadyReadAsync(SqliteConnection connection, IReadOnlyList<long> postIds, long userId, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(ReadSql, new { postIds, userId }, cancellationToken: ct))).ToHashSet();

    private const string InsertSql = """
        INSERT INTO post_reads (post_id, user_id, read_at)
        VALUES (@postId, @userId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// Returns whether this was the person's first read of the post.
    public async Task<bool> RecordAsync(SqliteConnection connection, SqliteTransaction transaction, long postId, long userId) =>
        await connection.ExecuteAsync(InsertSql, new { postId, userId, now = clock.GetUtcNow() }, transaction) > 0;

    private const string ReadersSinceSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM post_reads
         WHERE post_id IN @postIds AND read_at >= @since
         GROUP BY post_id
        """;

    /// Distinct readers of each post who first opened it since a time: a count, never who (a guide's usefulness).
    public async Task<IReadOnlyDictionary<long, int>> ReadersSinceAsync(SqliteConnection connection, IReadOnlyList<long> postIds, DateTimeOffset since, CancellationToken ct) =>
        postIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(ReadersSinceSql, new { postIds, since }, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);
}
