using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Reactions;

public sealed record ReactorRow
{
    public string Kind { get; init; } = "";
    public long UserId { get; init; }
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
}

/// Owns the reactions table: one row per person, target and kind. comment_id NULL is a reaction on the post.
public sealed class ReactionStore(Database db, TimeProvider clock)
{
    private const string PostCountsSql = """
        SELECT post_id, NULL AS comment_id, kind, COUNT(*) AS count
          FROM reactions
         WHERE post_id IN @postIds AND comment_id IS NULL
         GROUP BY post_id, kind
        """;

    public async Task<IReadOnlyList<ReactionCount>> PostCountsAsync(DbConnection connection, IReadOnlyList<long> postIds, CancellationToken ct) =>
        (await connection.QueryAsync<ReactionCount>(new CommandDefinition(PostCountsSql, new { postIds }, cancellationToken: ct))).AsList();

    private const string ViewerPostKindsSql = """
        SELECT post_id, NULL AS comment_id, kind, 1 AS count
          FROM reactions
         WHERE post_id IN @postIds AND COALESCE(comment_id, 0) = 0 AND user_id = @viewer
        """;

    public async Task<IReadOnlyList<ReactionCount>> ViewerPostKindsAsync(DbConnection connection, IReadOnlyList<long> postIds, long viewer, CancellationToken ct) =>
        (await connection.QueryAsync<ReactionCount>(new CommandDefinition(ViewerPostKindsSql, new { postIds, viewer }, cancellationToken: ct))).AsList();

    private const string ThreadCountsSql = """
        SELECT post_id, comment_id, kind, COUNT(*) AS count
          FROM reactions
         WHERE post_id = @postId
         GROUP BY post_id, comment_id, kind
        """;

    /// The post and all its comments in one index range.
    public async Task<IReadOnlyList<ReactionCount>> ThreadCountsAsync(DbConnection connection, long postId, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<ReactionCount>(new CommandDefinition(ThreadCountsSql, new { postId }, transaction, cancellationToken: ct))).AsList();

    private const string ThreadsCountsSql = """
        SELECT post_id, comment_id, kind, COUNT(*) AS count
          FROM reactions
         WHERE post_id IN @postIds
         GROUP BY post_id, comment_id, kind
        """;

    /// Several posts and all their comments at once, for a page of live events.
    public async Task<IReadOnlyList<ReactionCount>> ThreadCountsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, CancellationToken ct) =>
        postIds.Count == 0 ? [] : (await connection.QueryAsync<ReactionCount>(new CommandDefinition(ThreadsCountsSql, new { postIds }, cancellationToken: ct))).AsList();

    private const string ViewerThreadKindsSql = """
        SELECT post_id, comment_id, kind, 1 AS count
          FROM reactions
         WHERE post_id = @postId AND user_id = @viewer
        """;

    public async Task<IReadOnlyList<ReactionCount>> ViewerThreadKindsAsync(DbConnection connection, long postId, long viewer, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<ReactionCount>(new CommandDefinition(ViewerThreadKindsSql, new { postId, viewer }, transaction, cancellationToken: ct))).AsList();

    private const string AddSql = """
        INSERT INTO reactions (post_id, comment_id, user_id, kind, created_at)
        VALUES (@postId, @commentId, @userId, @kind, @now)
        ON CONFLICT DO NOTHING
        """;

    private const string RemoveSql = """
        DELETE FROM reactions
         WHERE post_id = @postId AND COALESCE(comment_id, 0) = COALESCE(@commentId, 0) AND user_id = @userId AND kind = @kind
        """;

    /// Sets the person's reaction of one kind on or off; returns whether anything changed. The unique index makes
    /// a double click harmless.
    public async Task<bool> SetAsync(DbConnection connection, DbTransaction transaction, long postId, long? commentId, long userId, string kind, bool on)
    {
        var args = new { postId, commentId, userId, kind, now = clock.GetUtcNow() };
        return await connection.ExecuteAsync(on ? AddSql : RemoveSql, args, transaction) > 0;
    }

    private const string HasSql = """
        SELECT EXISTS (SELECT 1 FROM reactions
                        WHERE post_id = @postId AND COALESCE(comment_id, 0) = COALESCE(@commentId, 0) AND user_id = @userId AND kind = @kind)
        """;

    public Task<bool> HasAsync(DbConnection connection, DbTransaction transaction, long postId, long? commentId, long userId, string kind) =>
        connection.ExecuteScalarAsync<bool>(HasSql, new { postId, commentId, userId, kind }, transaction);

    private const string ReactorsSql = """
        SELECT r.kind, r.user_id, u.display_name, u.title
          FROM reactions r
          JOIN users u ON u.id = r.user_id
         WHERE r.post_id = @postId AND COALESCE(r.comment_id, 0) = COALESCE(@commentId, 0)
         ORDER BY r.kind, u.display_name
         LIMIT 500
        """;

    /// Who reacted is visible to everyone, like the reactions themselves.
    public async Task<IReadOnlyList<ReactorRow>> ReactorsAsync(long postId, long? commentId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<ReactorRow>(new CommandDefinition(ReactorsSql, new { postId, commentId }, cancellationToken: ct))).AsList();
    }

    /// One target's counts and the viewer's own kinds, for the page that shows all six kinds (Who.cshtml): the same
    /// reads and the same shaping as the answer to a reaction (ReactionService).
    public async Task<ReactionBar> BarAsync(long postId, long? commentId, long viewer, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return ReactionBar.From(postId, commentId, await ThreadCountsAsync(connection, postId, ct), await ViewerThreadKindsAsync(connection, postId, viewer, ct));
    }

    private const string PostReactionsSinceSql = """
        SELECT post_id AS id, COUNT(*) AS count
          FROM reactions
         WHERE post_id IN @postIds AND comment_id IS NULL AND created_at >= @since
         GROUP BY post_id
        """;

    /// Reactions on each post itself since a time (a guide's usefulness).
    public async Task<IReadOnlyDictionary<long, int>> PostReactionsSinceAsync(DbConnection connection, IReadOnlyList<long> postIds, DateTimeOffset since, CancellationToken ct) =>
        postIds.Count == 0 ? new Dictionary<long, int>()
            : (await connection.QueryAsync<(long Id, int Count)>(new CommandDefinition(PostReactionsSinceSql, new { postIds, since }, cancellationToken: ct))).ToDictionary(r => r.Id, r => r.Count);

    private const string PostReactorsSql = """
        SELECT DISTINCT user_id
          FROM reactions
         WHERE post_id = @postId
        """;

    /// Everyone who reacted to a post or to a comment under it (the reach funnel counts them, never lists them).
    public async Task<IReadOnlyList<long>> ReactorsAsync(DbConnection connection, long postId, CancellationToken ct) =>
        [.. await connection.QueryAsync<long>(new CommandDefinition(PostReactorsSql, new { postId }, cancellationToken: ct))];

    private const string ReactorsBetweenSql = """
        SELECT user_id AS user_id, created_at AS at
          FROM reactions
         WHERE created_at >= @from AND created_at < @to
        """;

    /// Who reacted in [from, to): analytics' rollup counts the people per period.
    public async Task<IReadOnlyList<PersonActivity>> ReactorsBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<PersonActivity>(ReactorsBetweenSql, new { from, to }, transaction)];

    private const string CountsBetweenSql = """
        SELECT COALESCE(p.department_id, 0) AS department_id, COUNT(*) AS count
          FROM reactions r
          JOIN posts p ON p.id = r.post_id
         WHERE r.created_at >= @from AND r.created_at < @to
         GROUP BY COALESCE(p.department_id, 0)
        """;

    /// Reactions given in [from, to) per department of the post (0: company-wide), for analytics' daily counts.
    public async Task<IReadOnlyList<(long DepartmentId, int Count)>> CountsBetweenAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<(long, int)>(CountsBetweenSql, new { from, to }, transaction)];
}
