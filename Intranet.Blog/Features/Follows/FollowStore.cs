using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Follows;

public static class FollowKinds
{
    public const string Person = "person";
    public const string Department = "department";
    public const string Topic = "topic";

    public static bool IsKnown(string? kind) => kind is Person or Department or Topic;
}

/// Owns the follows table: who follows which person, department or topic.
public sealed class FollowStore(SqliteConnectionFactory db, TimeProvider clock)
{
    private const string PersonExistsSql = "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id)";
    private const string DepartmentExistsSql = "SELECT EXISTS (SELECT 1 FROM departments WHERE id = @id)";
    private const string TopicExistsSql = "SELECT EXISTS (SELECT 1 FROM tags WHERE id = @id)";

    private const string FollowSql = """
        INSERT OR IGNORE INTO follows (user_id, target_kind, target_id, created_at)
        VALUES (@userId, @kind, @targetId, @now)
        """;

    private const string UnfollowSql = """
        DELETE FROM follows
         WHERE user_id = @userId AND target_kind = @kind AND target_id = @targetId
        """;

    /// Null when the target does not exist; otherwise whether the person follows it now.
    public async Task<bool?> SetAsync(long userId, string kind, long targetId, bool follow, CancellationToken ct = default)
    {
        var existsSql = kind switch
        {
            FollowKinds.Person => PersonExistsSql,
            FollowKinds.Department => DepartmentExistsSql,
            FollowKinds.Topic => TopicExistsSql,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        await using var scope = await db.BeginWriteAsync(ct);
        if (!await scope.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(existsSql, new { id = targetId }, scope.Transaction, cancellationToken: ct)))
        {
            return null;
        }

        await scope.Connection.ExecuteAsync(new CommandDefinition(follow ? FollowSql : UnfollowSql,
            new { userId, kind, targetId, now = clock.GetUtcNow() }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
        return follow;
    }

    private const string FollowedSql = """
        SELECT target_id
          FROM follows
         WHERE user_id = @userId AND target_kind = @kind
        """;

    /// The ids of one kind a person follows, for marking the buttons of a list in one query.
    public async Task<IReadOnlySet<long>> FollowedAsync(long userId, string kind, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<long>(new CommandDefinition(FollowedSql, new { userId, kind }, cancellationToken: ct))).ToHashSet();
    }

    private const string FollowNewDepartmentSql = """
        INSERT OR IGNORE INTO follows (user_id, target_kind, target_id, created_at)
        SELECT u.id, 'department', @DepartmentId, @now
          FROM users u
         WHERE u.id = @UserId AND @DepartmentId IS NOT NULL AND u.department_id IS NOT @DepartmentId
        """;

    /// Everyone follows their own department: called before a person's department changes, in the same write,
    /// so a move follows the new department while an edit that keeps it leaves an unfollow alone.
    public Task FollowNewDepartmentAsync(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<DepartmentMove> moves) =>
        connection.ExecuteAsync(FollowNewDepartmentSql,
            moves.Select(m => new { m.UserId, m.DepartmentId, now = clock.GetUtcNow() }), transaction);

    private const string FollowOwnDepartmentSql = """
        INSERT OR IGNORE INTO follows (user_id, target_kind, target_id, created_at)
        VALUES (@userId, 'department', @departmentId, @now)
        """;

    /// A new person follows their department from the start, in the write that creates them.
    public Task FollowOwnDepartmentAsync(SqliteConnection connection, SqliteTransaction transaction, long userId, long departmentId) =>
        connection.ExecuteAsync(FollowOwnDepartmentSql, new { userId, departmentId, now = clock.GetUtcNow() }, transaction);

    /// A person following another directly, for demo data and other writes that already hold a transaction.
    public Task FollowAsync(SqliteConnection connection, SqliteTransaction transaction, long userId, string kind, long targetId) =>
        connection.ExecuteAsync(FollowSql, new { userId, kind, targetId, now = clock.GetUtcNow() }, transaction);

    private const string FollowersOfPostSql = """
        SELECT user_id FROM follows WHERE target_kind = 'person' AND target_id = @authorId
        UNION
        SELECT user_id FROM follows WHERE target_kind = 'department' AND target_id = @departmentId
        UNION
        SELECT f.user_id
          FROM post_tags pt
          JOIN follows f ON f.target_kind = 'topic' AND f.target_id = pt.tag_id
         WHERE pt.post_id = @postId
        """;

    /// Everyone who follows a post's author, its department or one of its topics, each once.
    public async Task<IReadOnlyList<long>> FollowersOfPostAsync(SqliteConnection connection, SqliteTransaction transaction, long postId, long authorId, long? departmentId) =>
        (await connection.QueryAsync<long>(FollowersOfPostSql, new { postId, authorId, departmentId }, transaction)).AsList();
}

public sealed record DepartmentMove(long UserId, long? DepartmentId);
