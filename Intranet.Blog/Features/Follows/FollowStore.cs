using System.Collections.Frozen;
using System.Data.Common;
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
public sealed class FollowStore(Database db, TimeProvider clock)
{
    private const string FollowSql = """
        INSERT INTO follows (user_id, target_kind, target_id, created_at)
        VALUES (@userId, @kind, @targetId, @now)
        ON CONFLICT (user_id, target_kind, target_id) DO NOTHING
        """;

    private const string UnfollowSql = """
        DELETE FROM follows
         WHERE user_id = @userId AND target_kind = @kind AND target_id = @targetId
        """;

    public async Task SetAsync(long userId, string kind, long targetId, bool follow, CancellationToken ct = default)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(follow ? FollowSql : UnfollowSql,
            new { userId, kind, targetId, now = clock.GetUtcNow() }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    private const string FollowedSql = """
        SELECT target_id
          FROM follows
         WHERE user_id = @userId AND target_kind = @kind
        """;

    /// The ids of one kind a person follows, for marking the buttons of a list in one query.
    /// Kept until the next write: lists ask on every page.
    public Task<IReadOnlySet<long>> FollowedAsync(long userId, string kind, CancellationToken ct = default) =>
        _followed.GetAsync((userId, kind), async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return (IReadOnlySet<long>)(await connection.QueryAsync<long>(new CommandDefinition(FollowedSql, new { userId, kind }, cancellationToken: c))).ToFrozenSet();
        }, ct);

    private readonly VersionedCache<(long, string), IReadOnlySet<long>> _followed = new(db);

    /// Inside the write that adds people to a department (Admin's Enrolment): everyone follows their own department.
    public Task FollowDepartmentsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<(long PersonId, long DepartmentId)> joined) =>
        connection.ExecuteAsync(FollowSql,
            joined.Select(j => new { userId = j.PersonId, kind = FollowKinds.Department, targetId = j.DepartmentId, now = clock.GetUtcNow() }), transaction);

    /// A person following another directly, for demo data and other writes that already hold a transaction.
    public Task FollowAsync(DbConnection connection, DbTransaction transaction, long userId, string kind, long targetId) =>
        connection.ExecuteAsync(FollowSql, new { userId, kind, targetId, now = clock.GetUtcNow() }, transaction);

    private const string FollowersSql = """
        SELECT user_id FROM follows WHERE target_kind = 'person' AND target_id = @authorId
        UNION
        SELECT user_id FROM follows WHERE target_kind = 'department' AND target_id = @departmentId
        UNION
        SELECT user_id FROM follows WHERE target_kind = 'topic' AND target_id IN @topicIds
        """;

    /// Everyone who follows a post's author, its department or one of its topics, each once.
    public async Task<IReadOnlyList<long>> FollowersAsync(
        DbConnection connection, DbTransaction transaction, long authorId, long? departmentId, IReadOnlyCollection<long> topicIds) =>
        (await connection.QueryAsync<long>(FollowersSql, new { authorId, departmentId, topicIds }, transaction)).AsList();
}
