using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Backup;

/// A nightly backup attempt: File and Bytes when it was written, Error (the reason) when not.
public sealed record BackupRun
{
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public string? File { get; init; }
    public long? Bytes { get; init; }
    public string? Error { get; init; }
}

/// Owns backup_runs: the outcome of each nightly backup, for the admin page.
public sealed class BackupRunStore(Database db)
{
    private const string InsertSql = """
        INSERT INTO backup_runs (started_at, finished_at, file, bytes, error)
        VALUES (@StartedAt, @FinishedAt, @File, @Bytes, @Error)
        """;

    public async Task RecordAsync(BackupRun run, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(InsertSql, run, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    private const string LastSql = """
        SELECT started_at, finished_at, file, bytes, error
          FROM backup_runs
         ORDER BY id DESC
         LIMIT 1
        """;

    public async Task<BackupRun?> LastAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<BackupRun>(new CommandDefinition(LastSql, cancellationToken: ct));
    }
}
