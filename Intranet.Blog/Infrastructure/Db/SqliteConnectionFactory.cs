using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// One connection per unit of work, from the pool. The pragmas belong to the native connection, which the pool
/// keeps open, so they are set once per native connection rather than on every open: on a feed page, setting them
/// each time cost more than the queries the page runs. (ForeignKeys in the connection string would run a pragma on
/// every open too.)
public sealed class SqliteConnectionFactory(IOptions<IntranetOptions> options)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.Value.DatabasePath,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public string DatabasePath => options.Value.DatabasePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        if (_configured.TryAdd(connection.Handle!, connection.Handle!))
        {
            using var pragma = connection.CreateCommand();
            // synchronous=FULL: a write the user saw succeed survives a power cut; busy_timeout: writers queue instead of failing.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }

    /// SQLite has one writer at a time. Writers of this process queue here, asynchronously and in order, instead
    /// of spinning on busy_timeout; BEGIN IMMEDIATE still takes the write lock up front, so a writer never fails
    /// upgrading a read lock ("database is locked"), and another process (a backup) is waited for by busy_timeout.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            var transaction = connection.BeginTransaction(deferred: false);
            return new WriteScope(connection, transaction, _writer);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _writer.Release();
            throw;
        }
    }
}

/// One write transaction holding the writer gate. Committing ends the scope at once, so whatever the caller does
/// afterwards (rendering and queueing the live push) no longer holds up the next writer.
public sealed class WriteScope(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writer) : IAsyncDisposable
{
    private bool _ended;

    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Transaction.CommitAsync(ct);
        await DisposeAsync();
    }

    /// Without a commit the transaction rolls back.
    public async ValueTask DisposeAsync()
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            writer.Release();
        }
    }
}
