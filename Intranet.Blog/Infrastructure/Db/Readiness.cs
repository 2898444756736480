using Dapper;

namespace Intranet.Blog.Infrastructure.Db;

/// Ready means: the app is not stopping, every migration this app knows is applied, and the database takes a write
/// right now. While stopping, a load balancer sends new visitors elsewhere; requests already here still finish.
public sealed class Readiness(SqliteConnectionFactory db, Migrator migrator, IHostApplicationLifetime lifetime)
{
    public async Task<string?> CheckAsync(CancellationToken ct)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "shutting down";
        }

        if (!migrator.IsCurrent)
        {
            return "migrations not applied";
        }

        try
        {
            await using var scope = await db.BeginWriteAsync(ct);
            // A write that changes nothing still needs the write lock and a writable file.
            await scope.Connection.ExecuteAsync("UPDATE schema_migrations SET name = name WHERE version = -1", transaction: scope.Transaction);
            await scope.CommitAsync(ct);
            return null;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return "database not writable: " + ex.SqliteErrorCode;
        }
    }
}
