using System.Globalization;
using Intranet.Blog.Infrastructure.Search;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// One connection per unit of work, from the pool. The pragmas belong to the native connection, which the pool
/// keeps open, so they are set once per native connection rather than on every open: on a feed page, setting them
/// each time cost more than the queries the page runs. (ForeignKeys in the connection string would run a pragma on
/// every open too.)
public sealed class SqliteConnectionFactory(IOptions<IntranetOptions> options, ReadOnlyMode readOnly, TimeProvider clock) : IDisposable
{
    // Only the migrator creates the file. Everything else opens what is there: a database deleted under the running
    // app must not come back as a new, empty file that the next start would take for a fresh install.
    private string _connectionString = ConnectionString(options.Value.DatabasePath, SqliteOpenMode.ReadWrite);
    private readonly string _creatingConnectionString = ConnectionString(options.Value.DatabasePath, SqliteOpenMode.ReadWriteCreate);

    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    // One connection outside the pool, open from the first use to the end: whatever happens to the file's name,
    // it still reads the database the app was started on (see DatabaseMovedAsync).
    private SqliteConnection? _keeper;
    private readonly SemaphoreSlim _moving = new(1, 1);

    public string DatabasePath => options.Value.DatabasePath;

    private long _version;

    /// Goes up after every write of this process has committed (see VersionedCache): every write goes through the
    /// writer gate, and no other process writes while the app holds its instance lock.
    public long Version => Interlocked.Read(ref _version);

    private void Committed() => Interlocked.Increment(ref _version);

    private static readonly SQLitePCL.delegate_commit CommitHook = factory =>
    {
        if (!QuietCommit)
        {
            ((SqliteConnectionFactory)factory).Committed();
        }

        return 0; // 0: let the commit go ahead
    };

    /// Set around the heartbeat's commit, which the hook runs inside, on the committing thread: the heartbeat table is
    /// read by no cached page, and a load balancer polling /health every few seconds would empty every cache each time.
    [ThreadStatic]
    internal static bool QuietCommit;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct = default)
    {
        try
        {
            var connection = await OpenAsync(_connectionString, ct);
            if (_keeper is null)
            {
                await KeepAsync(ct);
            }

            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_CANTOPEN && _keeper is not null && !File.Exists(DatabasePath))
        {
            // Deleted, and the pool had no connection to the old file left: read from what was rescued.
            await DatabaseMovedAsync();
            return await OpenAsync(_connectionString, ct);
        }
    }

    /// For the migrator, before the first migration: creates the file when there is none yet.
    public Task<SqliteConnection> OpenOrCreateAsync(CancellationToken ct = default) => OpenAsync(_creatingConnectionString, ct);

    private async Task KeepAsync(CancellationToken ct)
    {
        var keeper = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        await keeper.OpenAsync(ct);
        // A first read opens the write-ahead log too: a connection opens it only then, and once it is deleted
        // the keeper could not read what it holds.
        using (var read = keeper.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM sqlite_master";
            await read.ExecuteScalarAsync(ct);
        }

        if (Interlocked.CompareExchange(ref _keeper, keeper, null) is not null)
        {
            await keeper.DisposeAsync();
        }
    }

    public void Dispose() => _keeper?.Dispose();

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        if (_configured.TryAdd(connection.Handle!, connection.Handle!))
        {
            SqliteSearchFunctions.Register(connection.Handle!);
            // A write that bypassed the writer gate (a test's SQL, a future mistake) still makes cached reads stale:
            // the hook runs as it commits. WriteScope bumps the version again once the commit is visible.
            SQLitePCL.raw.sqlite3_commit_hook(connection.Handle!, CommitHook, this);
            using var pragma = connection.CreateCommand();
            // synchronous=FULL: a write the user saw succeed survives a power cut; busy_timeout: writers queue instead of failing.
            // secure_delete: what a row held before it changed or went is overwritten with zeros, not left in the file's free
            // space (an anonymous poll's counter before a ballot would otherwise stay readable next to its new value).
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        return connection;
    }

    /// SQLite has one writer at a time. Writers of this process queue here, asynchronously and in order, instead
    /// of spinning on busy_timeout; BEGIN IMMEDIATE still takes the write lock up front, so a writer never fails
    /// upgrading a read lock ("database is locked"), and another process (a backup) is waited for by busy_timeout.
    /// In read-only mode writers are refused here, before they wait.
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        readOnly.ThrowIfActive();
        return BeginAsync(ct);
    }

    /// What a page records on the side (a read, the start of a visit, a sign-in's counters) never fails the page:
    /// in read-only mode it is skipped, and a write that fails is noted (a storage failure starts read-only mode)
    /// and the fallback returned. The write commits its scope itself.
    public async Task<T> TryWriteAsync<T>(Func<WriteScope, Task<T>> write, T fallback, CancellationToken ct)
    {
        if (readOnly.Current is not null)
        {
            return fallback;
        }

        try
        {
            await using var scope = await BeginWriteAsync(ct);
            return await write(scope);
        }
        catch (Exception ex) when (ex is SqliteException or StorageUnavailableException)
        {
            readOnly.SideWriteFailed(ex);
            return fallback;
        }
    }

    /// Moves the write-ahead log into the database and empties the log file, inside the writer gate. Until then the log
    /// holds each recent transaction's pages side by side: after an anonymous ballot, the voter's has-voted row next to
    /// the option's counter before and after, which would tie the two together for anyone reading the files. Waits
    /// briefly for readers; false when one still held the log (the next call empties it).
    public async Task<bool> EmptyLogAsync(CancellationToken ct = default)
    {
        if (readOnly.Current is not null)
        {
            return false;
        }

        await _writer.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 500";
            await command.ExecuteNonQueryAsync(ct);
            try
            {
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await using var reader = await command.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct) && reader.GetInt32(0) == 0;
            }
            finally
            {
                command.CommandText = "PRAGMA busy_timeout = 10000";
                await command.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    /// The heartbeat's write, which finds out whether writing works again: it passes read-only mode's refusal.
    public Task<WriteScope> BeginProbeAsync(CancellationToken ct = default) => BeginAsync(ct, quiet: true);

    private async Task<WriteScope> BeginAsync(CancellationToken ct, bool quiet = false)
    {
        await _writer.WaitAsync(ct);
        SqliteConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            if (HasMoved(connection))
            {
                await DatabaseMovedAsync();
                readOnly.ThrowIfActive();
            }

            var transaction = connection.BeginTransaction(deferred: false);
            return new WriteScope(connection, transaction, _writer, readOnly, quiet ? null : Committed);
        }
        catch (Exception ex)
        {
            readOnly.Note(ex);
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _writer.Release();
            throw;
        }
    }

    /// In WAL mode SQLite goes on writing into a database file that was deleted (`rm data/intranet.db*`): every
    /// write would answer success and be gone at the next start. One stat() per write finds it (and a reader that
    /// cannot open the file any more). The keeper still reads the deleted file, so what it holds is copied next to
    /// it; writing stops, and pages read from the copy until the operator puts it back and restarts the app.
    private async Task DatabaseMovedAsync()
    {
        await _moving.WaitAsync();
        try
        {
            if (readOnly.Current?.Fault == StorageFault.Moved)
            {
                return;
            }

            var rescue = $"{DatabasePath}.rescued-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            try
            {
                using var copy = _keeper!.CreateCommand();
                copy.CommandText = "VACUUM INTO @rescue";
                copy.Parameters.AddWithValue("@rescue", rescue);
                await copy.ExecuteNonQueryAsync();
                _connectionString = ConnectionString(rescue, SqliteOpenMode.ReadOnly);
                Committed();
                readOnly.Enter(StorageFault.Moved, $"{DatabasePath} was deleted or replaced while the app ran. What the app still held is saved in {rescue}: stop the app and move that file to {DatabasePath} (or restore a backup)");
            }
            catch (SqliteException ex)
            {
                readOnly.Enter(StorageFault.Moved, $"{DatabasePath} was deleted or replaced while the app ran, and saving what the app still held failed ({ex.Message}): stop the app and restore a backup");
            }
        }
        finally
        {
            _moving.Release();
        }
    }

    private static bool HasMoved(SqliteConnection connection)
    {
        if (OperatingSystem.IsWindows())
        {
            return false; // an open database file cannot be deleted there
        }

        var moved = 0;
        return FileControl(connection.Handle!.DangerousGetHandle(), "main", FcntlHasMoved, ref moved) == 0 && moved != 0;
    }

    private const int FcntlHasMoved = 20; // SQLITE_FCNTL_HAS_MOVED: the file was unlinked or renamed since it was opened

    // SQLitePCLRaw does not wrap sqlite3_file_control; the bundled e_sqlite3 library exports it. (DllImport, not
    // LibraryImport: its generated code would need unsafe blocks for the whole project, for one call.)
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, ref int result);

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}

/// One write transaction holding the writer gate. Committing ends the scope at once, so whatever the caller does
/// afterwards (rendering a page, answering) no longer holds up the next writer.
/// committed: told once the commit is visible (the cached reads' version); null for the heartbeat, which changes nothing they read.
public sealed class WriteScope(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writer, ReadOnlyMode readOnly, Action? committed) : IAsyncDisposable
{
    private bool _ended;
    private List<Action>? _afterCommit;

    public SqliteConnection Connection { get; } = connection;
    public SqliteTransaction Transaction { get; } = transaction;

    /// Runs once the transaction has committed, still inside the writer gate: what it hands on (a committed event to
    /// the live pipeline) is handed on in commit order. Only for quick hand-overs such as writing to a queue; it
    /// does not run when the write rolls back.
    public void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        try
        {
            try
            {
                // Synchronous (as SQLite's commit is anyway), so the flag is set on the thread the hook runs on.
                ct.ThrowIfCancellationRequested();
                SqliteConnectionFactory.QuietCommit = committed is null;
                Transaction.Commit();
            }
            catch (SqliteException ex)
            {
                // In WAL mode a full disk shows at commit, when the pages are appended to the log.
                readOnly.Note(ex);
                throw;
            }
            finally
            {
                SqliteConnectionFactory.QuietCommit = false;
            }

            committed?.Invoke();
            foreach (var action in _afterCommit ?? [])
            {
                action();
            }
        }
        finally
        {
            await DisposeAsync();
        }
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
