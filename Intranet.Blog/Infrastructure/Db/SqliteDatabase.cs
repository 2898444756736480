using System.Data.Common;
using System.Globalization;
using Intranet.Blog.Infrastructure.Search;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// The default engine: one SQLite file in the data directory, one connection per unit of work from the pool. The pragmas belong to the native connection, which the pool
/// keeps open, so they are set once per native connection rather than on every open: on a feed page, setting them
/// each time cost more than the queries the page runs. (ForeignKeys in the connection string would run a pragma on
/// every open too.)
public sealed class SqliteDatabase(IOptions<IntranetOptions> options, ReadOnlyMode readOnly, TimeProvider clock) : Database(readOnly), IDisposable
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

    public override string Location => DatabasePath;

    public override string MigrationsFolder => "sqlite";

    // Every write of this process goes through the writer gate, and no other process writes while the app holds its
    // instance lock, so the version is complete; the commit hook also counts writes that bypassed the gate.
    private static readonly SQLitePCL.delegate_commit CommitHook = database =>
    {
        if (!QuietCommit)
        {
            ((SqliteDatabase)database).Committed();
        }

        return 0; // 0: let the commit go ahead
    };

    /// Set around the heartbeat's commit, which the hook runs inside, on the committing thread: the heartbeat table is
    /// read by no cached page, and a load balancer polling /health every few seconds would empty every cache each time.
    [ThreadStatic]
    internal static bool QuietCommit;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct = default) => await OpenSqliteAsync(ct);

    /// For what only SQLite has (its backup API, the search index's FTS5 tables).
    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken ct = default)
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

    /// Creates the file when there is none yet, in write-ahead-log mode (a property of the file, set once: readers
    /// never block the writer).
    public override async Task<DbConnection> OpenToMigrateAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = await OpenAsync(_creatingConnectionString, ct);
        using var wal = connection.CreateCommand();
        wal.CommandText = "PRAGMA journal_mode = WAL;";
        await wal.ExecuteNonQueryAsync(ct);
        return connection;
    }

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

    /// Moves the write-ahead log into the database and empties the log file, inside the writer gate. Until then the log
    /// holds each recent transaction's pages side by side: after an anonymous ballot, the voter's has-voted row next to
    /// the option's counter before and after, which would tie the two together for anyone reading the files. Waits
    /// briefly for readers; false when one still held the log (the next call empties it).
    public override async Task<bool> EmptyLogAsync(CancellationToken ct = default)
    {
        if (ReadOnly.Current is not null)
        {
            return false;
        }

        await WaitForWriterAsync(ct);
        try
        {
            await using var connection = await OpenSqliteAsync(ct);
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
            ReleaseWriter();
        }
    }

    /// BEGIN IMMEDIATE takes the write lock up front, so a writer never fails upgrading a read lock ("database is
    /// locked"); another process (a backup) is waited for by busy_timeout.
    protected override async Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, bool quiet, CancellationToken ct)
    {
        var sqlite = (SqliteConnection)connection;
        if (HasMoved(sqlite))
        {
            await DatabaseMovedAsync();
            ReadOnly.ThrowIfActive();
        }

        return sqlite.BeginTransaction(deferred: false);
    }

    protected internal override Task CommitAsync(DbTransaction transaction, bool quiet, CancellationToken ct)
    {
        // Synchronous (as SQLite's commit is anyway), so the flag is set on the thread the hook runs on.
        QuietCommit = quiet;
        try
        {
            transaction.Commit();
        }
        finally
        {
            QuietCommit = false;
        }

        return Task.CompletedTask;
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
            if (ReadOnly.Current?.Fault == StorageFault.Moved)
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
                ReadOnly.Enter(StorageFault.Moved, $"{DatabasePath} was deleted or replaced while the app ran. What the app still held is saved in {rescue}: stop the app and move that file to {DatabasePath} (or restore a backup)");
            }
            catch (SqliteException ex)
            {
                ReadOnly.Enter(StorageFault.Moved, $"{DatabasePath} was deleted or replaced while the app ran, and saving what the app still held failed ({ex.Message}): stop the app and restore a backup");
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
