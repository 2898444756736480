using System.Data.Common;
using Dapper;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// A pin as its place lists it: the post, the order, and when it ends by itself.
public sealed record PinRow
{
    public long PostId { get; init; }
    public long? DepartmentId { get; init; }
    public int Position { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
}

/// Owns the pins table. A place is a department's page (its id) or the company feed (null); every query names the
/// place as COALESCE(department_id, 0), the expression its index is built on. Pins of deleted posts and ended pins
/// are never listed, whether or not the expiry has removed them yet.
public sealed class PinStore(TimeProvider clock)
{
    /// More would no longer be "the few things to see first".
    public const int MaxPerPlace = 12;

    private static long Place(long? departmentId) => departmentId ?? 0;

    private const string PinnedSql = """
        SELECT n.post_id, n.department_id, n.position, n.ends_at
          FROM pins n
          JOIN posts p ON p.id = n.post_id
         WHERE COALESCE(n.department_id, 0) = @place AND
        """ + " " + PostVisibility.Listed + """

         AND (n.ends_at IS NULL OR n.ends_at > @now)
         ORDER BY n.position, n.id
        """;

    public async Task<IReadOnlyList<PinRow>> PinnedAsync(DbConnection connection, long? departmentId, DateTimeOffset now, CancellationToken ct, DbTransaction? transaction = null) =>
        (await connection.QueryAsync<PinRow>(new CommandDefinition(PinnedSql, new { place = Place(departmentId), now }, transaction, cancellationToken: ct))).AsList();

    public async Task<IReadOnlyList<long>> PinnedPostIdsAsync(DbConnection connection, long? departmentId, DateTimeOffset now, CancellationToken ct) =>
        (await PinnedAsync(connection, departmentId, now, ct)).Select(p => p.PostId).ToList();

    private const string AllDepartmentsSql = """
        SELECT n.post_id, n.department_id, n.position, n.ends_at
          FROM pins n
          JOIN posts p ON p.id = n.post_id
         WHERE n.department_id IS NOT NULL AND
        """ + " " + PostVisibility.Listed + """

         AND (n.ends_at IS NULL OR n.ends_at > @now)
         ORDER BY n.department_id, n.position, n.id
        """;

    /// Every department's pinned post ids in order, for the company-wide guides page.
    public async Task<ILookup<long, long>> PinnedByDepartmentAsync(DbConnection connection, DateTimeOffset now, CancellationToken ct) =>
        (await connection.QueryAsync<PinRow>(new CommandDefinition(AllDepartmentsSql, new { now }, cancellationToken: ct))).ToLookup(p => p.DepartmentId!.Value, p => p.PostId);

    private const string AddSql = """
        INSERT INTO pins (department_id, post_id, position, ends_at, pinned_by, pinned_at)
        VALUES (@departmentId, @postId,
                (SELECT COALESCE(MAX(position), -1) + 1 FROM pins WHERE COALESCE(department_id, 0) = @place),
                @endsAt, @pinnedBy, @now)
            ON CONFLICT (COALESCE(department_id, 0), post_id) DO UPDATE SET ends_at = excluded.ends_at
        """;

    /// A new pin goes below the place's others (its curators move it up when it matters more); pinning again only
    /// changes when it ends.
    public Task AddAsync(DbConnection connection, DbTransaction transaction, long? departmentId, long postId, DateTimeOffset? endsAt, long pinnedBy) =>
        connection.ExecuteAsync(AddSql, new { departmentId, place = Place(departmentId), postId, endsAt, pinnedBy, now = clock.GetUtcNow() }, transaction);

    private const string RemoveSql = "DELETE FROM pins WHERE COALESCE(department_id, 0) = @place AND post_id = @postId";

    public async Task<bool> RemoveAsync(DbConnection connection, DbTransaction transaction, long? departmentId, long postId) =>
        await connection.ExecuteAsync(RemoveSql, new { place = Place(departmentId), postId }, transaction) > 0;

    private const string SetPositionSql = "UPDATE pins SET position = @position WHERE COALESCE(department_id, 0) = @place AND post_id = @postId";

    /// Writes the order given (the caller passes exactly the place's pinned post ids).
    public async Task ReorderAsync(DbConnection connection, DbTransaction transaction, long? departmentId, IReadOnlyList<long> postIds)
    {
        var place = Place(departmentId);
        for (var position = 0; position < postIds.Count; position++)
        {
            await connection.ExecuteAsync(SetPositionSql, new { place, postId = postIds[position], position }, transaction);
        }
    }

    private const string EndedSql = """
        SELECT post_id, department_id, position, ends_at
          FROM pins
         WHERE ends_at IS NOT NULL AND ends_at <= @now
         ORDER BY ends_at, id
        """;

    /// Pins whose end has come, for the expiry to remove (and announce) them.
    public async Task<IReadOnlyList<PinRow>> EndedAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset now) =>
        (await connection.QueryAsync<PinRow>(EndedSql, new { now }, transaction)).AsList();

    private const string NextEndSql = "SELECT MIN(ends_at) FROM pins WHERE ends_at IS NOT NULL";

    /// When the next pin ends, so the expiry sleeps until then.
    public async Task<DateTimeOffset?> NextEndAsync(DbConnection connection, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(NextEndSql, cancellationToken: ct)) is { } ms ? DapperSetup.FromUnixMs(ms) : null;
}
