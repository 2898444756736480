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

    /// How the app's connections name themselves to the server, so a restore can see whether a node is still connected.
    public const string ApplicationName = "Intranet.Blog";

    private readonly NpgsqlDataSource _source;
    private readonly ILogger<PostgresDatabase> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _listening = Task.CompletedTask;
    private volatile bool _listens;

    public PostgresDatabase(IOptions<IntranetOptions> options, ReadOnlyMode readOnly, ILogger<PostgresDatabase> logger) : base(readOnly)
    {
        _logger = logger;
        var settings = new NpgsqlConnectionStringBuilder(options.Value.Postgres.ConnectionString) { ApplicationName = ApplicationName };
        Location = $"'{settings.Database}' on {settings.Host}";
        _source = NpgsqlDataSource.Create(settings);
        // Outside the pool: a pooled connection put back would keep holding its locks until its next use.
        _jobsSettings = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString;
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

    private const string AnalyzeSql = "ANALYZE";

    public override async Task RefreshStatisticsAsync(CancellationToken ct = default)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        await using var analyze = new NpgsqlCommand(AnalyzeSql, connection);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// A plain connection, opened synchronously, for what asks synchronously (the data-protection keys).
    public NpgsqlConnection OpenNpgsql() => _source.OpenConnection();

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

    // The background jobs' locks: session advisory locks in a key space of their own (the two-number form never
    // meets the one-number write and migration locks), one per job, taken on one connection of this node's own and
    // held while it lives. A node that stops, crashes or loses that connection loses them with it, and another node
    // takes each job over at its next ask: a lease PostgreSQL keeps, with no clock and no election of the app's.
    private const int JobSpace = 0x496E7472;

    private const string TakeJobSql = "SELECT pg_try_advisory_lock(@space, @job)";

    private const string AliveSql = "SELECT 1";

    private const string ReleaseJobsSql = "SELECT pg_advisory_unlock_all()";

    private readonly SemaphoreSlim _jobsGate = new(1, 1);
    private readonly HashSet<string> _jobs = new(StringComparer.Ordinal);
    private readonly string _jobsSettings;
    private NpgsqlConnection? _jobsConnection;

    public override async Task<bool> RunsJobAsync(string job, CancellationToken ct)
    {
        await _jobsGate.WaitAsync(ct);
        try
        {
            if (_stopping.IsCancellationRequested)
            {
                return false;
            }

            if (_jobsConnection is null)
            {
                var connection = new NpgsqlConnection(_jobsSettings);
                try
                {
                    await connection.OpenAsync(ct);
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }

                _jobsConnection = connection;
            }

            if (_jobs.Contains(job))
            {
                // Still ours only while the connection that holds the lock is alive.
                await using var alive = new NpgsqlCommand(AliveSql, _jobsConnection);
                await alive.ExecuteScalarAsync(ct);
                return true;
            }

            await using var take = new NpgsqlCommand(TakeJobSql, _jobsConnection);
            take.Parameters.Add(new NpgsqlParameter<int>("space", JobSpace));
            take.Parameters.Add(new NpgsqlParameter<int>("job", JobKey(job)));
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                return false;
            }

            _jobs.Add(job);
            JobTaken(_logger, job);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            // The connection, and with it every lock it held, is gone: another node may run these jobs now.
            if (_jobs.Count > 0)
            {
                JobsLost(_logger, string.Join(", ", _jobs), ex.Message);
            }

            _jobs.Clear();
            if (_jobsConnection is not null)
            {
                await _jobsConnection.DisposeAsync();
                _jobsConnection = null;
            }

            return false;
        }
        finally
        {
            _jobsGate.Release();
        }
    }

    /// A node that stops hands its jobs over at once: the server drops a closed connection's locks only when its
    /// backend has noticed, a moment later, and a node starting in that moment would wait a whole standby.
    private async Task ReleaseJobsAsync()
    {
        await _jobsGate.WaitAsync();
        try
        {
            if (_jobsConnection is null)
            {
                return;
            }

            try
            {
                await using var release = new NpgsqlCommand(ReleaseJobsSql, _jobsConnection);
                await release.ExecuteScalarAsync();
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // Gone with the connection already.
            }

            _jobs.Clear();
            await _jobsConnection.DisposeAsync();
            _jobsConnection = null;
        }
        finally
        {
            _jobsGate.Release();
        }
    }

    /// A job's name as a lock key, the same on every node and in every version (FNV-1a of its UTF-8).
    internal static int JobKey(string job)
    {
        var hash = 2166136261;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(job))
        {
            hash = unchecked((hash ^ b) * 16777619);
        }

        return unchecked((int)hash);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listening = ListenAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// Never fails a stop: once the host's patience is over, the listening ends with the node anyway.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _listening.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _listening;
        await ReleaseJobsAsync();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Background job {Job} runs on this node")]
    private static partial void JobTaken(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection that held this node's background jobs ({Jobs}) was lost ({Reason}); other nodes may take them over")]
    private static partial void JobsLost(ILogger logger, string jobs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' commits failed ({Reason}); until it works again, nothing read is cached")]
    private static partial void ListenLost(ILogger logger, string reason);
}
