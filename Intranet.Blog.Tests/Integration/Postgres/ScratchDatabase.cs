using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// A fresh database on the run's PostgreSQL server with the app's PostgreSQL scripts applied, as a node would at start.
public static class ScratchDatabase
{
    public static async Task<string> MigratedAsync()
    {
        var connectionString = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using var connection = await OpenAsync(connectionString);
        await MigrateAsync(connection);
        return connectionString;
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static Task<int> MigrateAsync(NpgsqlConnection connection, string? directory = null) =>
        MigrationScripts.ApplyAsync(connection, new MigrationFiles(directory ?? AppLayout.PostgresMigrations), TimeProvider.System,
            NullLogger.Instance, $"'{connection.Database}'", CancellationToken.None);
}
