using Dapper;
using System.Data.Common;

namespace Intranet.Blog.Infrastructure.Db;

/// Proves that the database takes a write right now: a new value goes into the heartbeat row, commits, and is read
/// back on another connection. Readiness asks it; in read-only mode it is how the app finds out that writing works
/// again, and leaves the mode by itself.
public sealed class Heartbeat(Database db, ReadOnlyMode readOnly, TimeProvider clock)
{
    private const string BeatSql = """
        INSERT INTO heartbeat (id, beat_at, nonce)
        VALUES (1, @now, @nonce)
            ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at, nonce = excluded.nonce
        """;

    private const string ReadSql = "SELECT nonce FROM heartbeat WHERE id = 1";

    /// Null when the write went through; otherwise what stands in the way, for the operator.
    public async Task<string?> BeatAsync(CancellationToken ct)
    {
        if (readOnly.Current is { PassesByItself: false } stuck)
        {
            return stuck.Detail;
        }

        // A small write can still land in log space SQLite allocated earlier, so free space is asked for as well.
        // (PostgreSQL's disk is the server's, which says so itself when it is full.)
        var free = readOnly.FreeBytes();
        if (db is SqliteDatabase && free < ReadOnlyMode.MinimumFreeBytes)
        {
            var detail = $"the disk of {db.Location} is full ({free / 1024} KB free)";
            readOnly.Enter(StorageFault.DiskFull, detail);
            return detail;
        }

        var nonce = Guid.NewGuid().ToString("N");
        try
        {
            await using (var scope = await db.BeginProbeAsync(ct))
            {
                await scope.Connection.ExecuteAsync(new CommandDefinition(BeatSql, new { now = clock.GetUtcNow(), nonce }, scope.Transaction, cancellationToken: ct));
                await scope.CommitAsync(ct);
            }

            await using var connection = await db.OpenAsync(ct);
            if (await connection.ExecuteScalarAsync<string>(new CommandDefinition(ReadSql, cancellationToken: ct)) != nonce)
            {
                return "the heartbeat written was not read back";
            }
        }
        catch (Exception ex) when (ex is DbException or StorageUnavailableException or IOException)
        {
            readOnly.Note(ex);
            return readOnly.Current?.Detail ?? "database not writable: " + ex.Message;
        }

        readOnly.Leave();
        return null;
    }
}
