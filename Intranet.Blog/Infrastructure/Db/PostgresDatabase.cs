using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intranet.Blog.Infrastructure.Db;

/// Intranet:Database=postgres: one PostgreSQL database (Intranet:Postgres:ConnectionString), which several app nodes
/// may share. Connections come from Npgsql's pool, wrapped so the stores' SQL means what it means on SQLite (see
/// PostgresConnection).
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    /// The write lock: taken by every write transaction of every node and held to its commit, so writes are applied
    /// one at a time, as on SQLite. Events are numbered inside the lock, so their ids rise in commit order and a
    /// reader catching up by id never passes one that commits later (a sequence alone hands out ids in the order
    /// transactions start, not the order they commit). Any fixed number, the same on every node; the migrator's is another.
    private const long WriteLockKey = 0x496E7472616E6574 + 1;

    private const string WriteLockSql = "SELECT pg_advisory_xact_lock(@WriteLockKey)";

    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(IOptions<IntranetOptions> options, ReadOnlyMode readOnly) : base(readOnly)
    {
        var settings = new NpgsqlConnectionStringBuilder(options.Value.Postgres.ConnectionString);
        Location = $"'{settings.Database}' on {settings.Host}";
        _source = NpgsqlDataSource.Create(settings);
    }

    public override string Location { get; }

    public override string MigrationsFolder => "postgres";

    public override async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new PostgresConnection(_source.CreateConnection());
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbConnection> OpenToMigrateAsync(CancellationToken ct = default) => OpenAsync(ct);

    /// Read committed, as every statement then reads what committed before it; with the write lock held, nothing
    /// else commits in between, as on SQLite.
    protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        await connection.ExecuteAsync(new CommandDefinition(WriteLockSql, new { WriteLockKey }, transaction, cancellationToken: ct));
        return transaction;
    }

    /// Not cancelled half-way: once asked, the commit is either done or not, and the caller learns which.
    protected internal override Task CommitAsync(DbTransaction transaction, bool quiet, CancellationToken ct) =>
        transaction.CommitAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
