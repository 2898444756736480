using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Uploads;

public static class UploadPurposes
{
    public const string Photo = "photo";
    public const string Article = "article";
}

public sealed record UploadRow
{
    public string Name { get; init; } = "";
    public long OwnerId { get; init; }
    public string Purpose { get; init; } = "";
    public string ContentType { get; init; } = "";
    public long Bytes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// Owns the uploads table; the files themselves live under the data directory (UploadFiles).
public sealed class UploadStore(Database db, TimeProvider clock)
{
    private const string InsertSql = """
        INSERT INTO uploads (name, owner_id, purpose, content_type, bytes, created_at, processed)
        VALUES (@name, @ownerId, @purpose, @contentType, @bytes, @now, 1)
        """;

    public Task InsertAsync(DbConnection connection, DbTransaction transaction, string name, long ownerId, string purpose, string contentType, long bytes) =>
        connection.ExecuteAsync(InsertSql, new { name, ownerId, purpose, contentType, bytes, now = clock.GetUtcNow() }, transaction);

    private const string GetSql = """
        SELECT name, owner_id, purpose, content_type, bytes, created_at
          FROM uploads
         WHERE name = @name
        """;

    public async Task<UploadRow?> GetAsync(string name, CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<UploadRow>(new CommandDefinition(GetSql, new { name }, cancellationToken: ct));
    }

    private const string UnprocessedSql = """
        SELECT name, owner_id, purpose, content_type, bytes, created_at
          FROM uploads
         WHERE processed = 0
         LIMIT @take
        """;

    /// Uploads stored before the app processed images (UploadScrubber).
    public async Task<IReadOnlyList<UploadRow>> UnprocessedAsync(int take, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<UploadRow>(new CommandDefinition(UnprocessedSql, new { take }, cancellationToken: ct))).AsList();
    }

    private const string ProcessedSql = "UPDATE uploads SET processed = 1, bytes = @bytes WHERE name = @name";

    public async Task MarkProcessedAsync(string name, long bytes, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await scope.Connection.ExecuteAsync(new CommandDefinition(ProcessedSql, new { name, bytes }, scope.Transaction, cancellationToken: ct));
        await scope.CommitAsync(ct);
    }

    private const string DeleteSql = "DELETE FROM uploads WHERE name = @name";

    public Task<int> DeleteAsync(DbConnection connection, DbTransaction transaction, string name) =>
        connection.ExecuteAsync(DeleteSql, new { name }, transaction);
}
