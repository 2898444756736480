using System.Data;
using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intranet.Blog.Infrastructure.Db;

/// Intranet:Database=postgres: one PostgreSQL database (Intranet:Postgres:ConnectionString), which several app nodes
/// may share. Connections come from Npgsql's pool, wrapped so the stores' SQL means what it means on SQLite (see
/// PostgresConnection).
/// Every write also notifies the commits channel, which PostgreSQL delivers at commit (and not at all on rollback) to
/// every node listening: each node's cached reads (VersionedCache) are as fresh as on one node. While a node is not
/// listening (starting, or its listening connection lost) nothing it reads is kept.
public sealed partial class PostgresDatabase : Database, IHostedService, IAsyncDisposable
{
    /// The write lock: taken by every write transaction of every node and held to its commit, so writes are applied
    /// one at a time, as on SQLite. Events are numbered inside the lock, so their ids rise in commit order and a
    /// reader catching up by id never passes one that commits later (a sequence alone hands out ids in the order
    /// transactions start, not the order they commit). Any fixed number, the same on every node; the migrator's is another.
    private const long WriteLockKey = 0x496E7472616E6574 + 1;

    private const string WriteLockSql = "SELECT pg_advisory_xact_lock(@WriteLockKey)";

    private const string CommitsChannel = "intranet_commits";

    private readonly NpgsqlDataSource _source;
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;
    private volatile bool _listens;

    public PostgresDatabase(IOptions<IntranetOptions> options, ReadOnlyMode readOnly, ILogger<PostgresDatabase> logger) : base(readOnly)
    {
        _logger = logger;
        var settings = new NpgsqlConnectionStringBuilder(options.Value.Postgres.ConnectionString);
        Location = $"'{settings.Database}' on {settings.Host}";
        _source = NpgsqlDataSource.Create(settings);
    }

    public override string Location { get; }

    public override string MigrationsFolder => "postgres";

    internal bool Listens => _listens;

    /// A new value at every look while not listening: what another node committed meanwhile would not be seen.
    public override long Version
    {
        get
        {
            if (!_listens)
            {
                Committed();
            }

            return base.Version;
        }
    }

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
    protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, bool quiet, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var sql = quiet ? WriteLockSql : $"{WriteLockSql}; NOTIFY {CommitsChannel}";
        await connection.ExecuteAsync(new CommandDefinition(sql, new { WriteLockKey }, transaction, cancellationToken: ct));
        return transaction;
    }

    /// First the search index learns what the transaction changed (PostgresSearch: the triggers queue, the app
    /// analyses), so it commits with the rows. The commit itself is not cancelled half-way: once asked, it is either
    /// done or not, and the caller learns which.
    protected internal override async Task CommitAsync(DbTransaction transaction, bool quiet, CancellationToken ct)
    {
        var postgres = (NpgsqlTransaction)transaction;
        await PostgresSearch.SyncAsync(postgres.Connection!, postgres, progress: null, ct);
        await transaction.CommitAsync(CancellationToken.None);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = ListenAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _listening.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _listening;
        await _source.DisposeAsync();
    }

    /// One connection of its own, kept listening; a lost one is replaced after a second.
    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => Committed();
                await using (var listen = new NpgsqlCommand($"LISTEN {CommitsChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(ct);
                }

                _listens = true;
                Committed(); // what committed while nobody listened
                while (true)
                {
                    await connection.WaitAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                ListenLost(_logger, ex.Message);
            }
            finally
            {
                _listens = false;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' commits failed ({Reason}); until it works again, nothing read is cached")]
    private static partial void ListenLost(ILogger logger, string reason);
}
