using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.CompanyDirectory;

/// A person as the sync compares them with the directory.
public sealed record DirectoryRow
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Title { get; init; } = "";
    public long? DepartmentId { get; init; }
    public long? ManagerId { get; init; }
    public string Role { get; init; } = "";
    public bool IsActive { get; init; }
    public string? DirectoryId { get; init; }
    public DateTimeOffset? DirectoryLeftAt { get; init; }
}

/// One sync as the admin page lists it.
public sealed record DirectorySyncRecord
{
    public long Id { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public string? ActorName { get; init; }
    public string Outcome { get; init; } = "";
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Deactivated { get; init; }
    public int Reactivated { get; init; }
    public string Message { get; init; } = "";
}

/// Owns the directory's columns of users (directory_id, directory_left_at) and the directory_syncs record.
public sealed class DirectoryStore(Database db)
{
    private const string RowsSql = """
        SELECT id, email, display_name, title, department_id, manager_id, role, is_active, directory_id, directory_left_at
          FROM users
        """;

    public async Task<IReadOnlyList<DirectoryRow>> RowsAsync(DbConnection connection, DbTransaction transaction) =>
        (await connection.QueryAsync<DirectoryRow>(RowsSql, transaction: transaction)).AsList();

    private const string LinkSql = "UPDATE users SET directory_id = @directoryId WHERE id = @id";

    public Task LinkAsync(DbConnection connection, DbTransaction transaction, long id, string directoryId) =>
        connection.ExecuteAsync(LinkSql, new { id, directoryId }, transaction);

    private const string LeftSql = "UPDATE users SET directory_left_at = @at WHERE id = @id";

    /// Null when the person is back; a time when the sync deactivated them for leaving.
    public Task SetLeftAsync(DbConnection connection, DbTransaction transaction, long id, DateTimeOffset? at) =>
        connection.ExecuteAsync(LeftSql, new { id, at }, transaction);

    private const string DirectoryIdSql = "SELECT directory_id FROM users WHERE id = @id";

    public async Task<string?> DirectoryIdAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(DirectoryIdSql, new { id }, cancellationToken: ct));
    }

    private const string InsertSyncSql = """
        INSERT INTO directory_syncs (started_at, finished_at, actor_id, outcome, created, updated, deactivated, reactivated, message)
        VALUES (@StartedAt, @FinishedAt, @actorId, @Outcome, @Created, @Updated, @Deactivated, @Reactivated, @Message)
        """;

    public Task RecordAsync(DbConnection connection, DbTransaction? transaction, long? actorId, DirectorySyncRecord sync) =>
        connection.ExecuteAsync(InsertSyncSql, new
        {
            sync.StartedAt, sync.FinishedAt, actorId, sync.Outcome, sync.Created, sync.Updated, sync.Deactivated, sync.Reactivated, sync.Message,
        }, transaction);

    /// A sync that applied nothing (failed, refused, nothing to change) is recorded on its own.
    public async Task RecordAsync(long? actorId, DirectorySyncRecord sync, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await RecordAsync(scope.Connection, scope.Transaction, actorId, sync);
        await scope.CommitAsync(ct);
    }

    private const string LatestSql = """
        SELECT s.id, s.started_at, s.finished_at, u.display_name AS actor_name, s.outcome, s.created, s.updated, s.deactivated, s.reactivated, s.message
          FROM directory_syncs s
          LEFT JOIN users u ON u.id = s.actor_id
         ORDER BY s.id DESC
         LIMIT @take
        """;

    public async Task<IReadOnlyList<DirectorySyncRecord>> LatestAsync(int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<DirectorySyncRecord>(new CommandDefinition(LatestSql, new { take }, cancellationToken: ct))).AsList();
    }

    private const string LastScheduledSql = "SELECT max(started_at) FROM directory_syncs WHERE actor_id IS NULL";

    /// When the schedule last ran, so a restart does not run it again at once.
    public async Task<DateTimeOffset?> LastScheduledAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(LastScheduledSql, cancellationToken: ct));
    }

    private const string ManualApplySql = "SELECT EXISTS (SELECT 1 FROM directory_syncs WHERE actor_id IS NOT NULL AND outcome IN ('applied', 'unchanged'))";

    /// Whether an admin has applied a sync: until then the schedule only waits, so the first sync is always seen.
    public async Task<bool> AnAdminHasAppliedAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(ManualApplySql, cancellationToken: ct));
    }

    private const string KeepSql = "DELETE FROM directory_syncs WHERE id <= (SELECT max(id) FROM directory_syncs) - @keep";

    /// The record keeps the latest thousand syncs (a month of hourly runs and more); the audit log keeps what changed.
    public Task PruneAsync(DbConnection connection, DbTransaction transaction, int keep = 1000) =>
        connection.ExecuteAsync(KeepSql, new { keep }, transaction);
}
