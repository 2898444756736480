using System.Data.Common;

namespace Intranet.Blog.Infrastructure.Db;

/// The database the app runs on: one SQLite file in the data directory (the default, SqliteDatabase) or a PostgreSQL
/// database shared by several app nodes (Intranet:Database=postgres, PostgresDatabase). The stores take the connection
/// and transaction this hands out and run the same SQL on both; what differs between the engines (opening, taking the
/// write lock, committing, where the schema comes from) is in the two subclasses.
/// Writers are serialised, as SQLite has one writer at a time anyway: the app's own writers queue here,
/// asynchronously and in order, and each engine also takes its database-wide write lock (SQLite's BEGIN IMMEDIATE,
/// PostgreSQL's transaction advisory lock, which orders the writers of every node), so events are numbered and handed
/// to the live pipeline in commit order. In read-only mode writers are refused here, before they wait.
public abstract class Database(ReadOnlyMode readOnly)
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private long _version;
    private TaskCompletionSource _nextCommit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected ReadOnlyMode ReadOnly => readOnly;

    /// Where the data lives, for the operator's messages: a file's path, or a PostgreSQL database and its host.
    public abstract string Location { get; }

    /// Goes up after every write has committed (see VersionedCache): on SQLite every write of this process, on
    /// PostgreSQL every write of every node.
    public virtual long Version => Interlocked.Read(ref _version);

    protected void Committed()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _nextCommit, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// Completes at the next commit seen (as Version): ask before reading, and a commit between the read and the wait
    /// is not missed.
    public Task NextCommitAsync() => Volatile.Read(ref _nextCommit).Task;

    /// A connection for one unit of work, from the pool.
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct = default);

    /// For the migrator, before the first script: creates what the engine needs to exist (SQLite's file).
    public abstract Task<DbConnection> OpenToMigrateAsync(CancellationToken ct = default);

    /// The folder of this engine's numbered scripts under the migrations folder.
    public abstract string MigrationsFolder { get; }

    /// Takes the database-wide write lock in a new transaction. quiet: the heartbeat's, which changes nothing a cached page reads.
    protected abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, bool quiet, CancellationToken ct);

    /// quiet: the heartbeat's commit, which changes nothing a cached page reads.
    protected internal abstract Task CommitAsync(DbTransaction transaction, bool quiet, CancellationToken ct);

    /// How long a node that does not run a background job waits before it asks again (RunsJobAsync): how soon it
    /// takes the job over from a node that stopped.
    public static readonly TimeSpan JobStandby = TimeSpan.FromSeconds(15);

    /// Whether this node runs the background job now (scheduled publishing, reminders, rollups, the mail outbox):
    /// each job runs on one node at a time, so nothing is done twice, nor sent twice. On SQLite always: one process
    /// has the file (the instance lock). Asked before each round; false means wait JobStandby and ask again.
    public virtual Task<bool> RunsJobAsync(string job, CancellationToken ct) => Task.FromResult(true);

    /// After a bulk load (the demo's seeding): brings the planner's statistics up to date at once. PostgreSQL plans
    /// by them, and until its autovacuum gets round to a table just filled, a search planned as if it were empty took
    /// 330 ms instead of 5. SQLite's planner works without them.
    public virtual Task RefreshStatisticsAsync(CancellationToken ct = default) => Task.CompletedTask;

    /// After an anonymous ballot: see SqliteDatabase. False when the log still held the ballot (try again).
    public virtual Task<bool> EmptyLogAsync(CancellationToken ct = default) => Task.FromResult(true);

    public Task<WriteScope> BeginWriteAsync(CancellationToken ct = default)
    {
        readOnly.ThrowIfActive();
        return BeginAsync(ct, quiet: false);
    }

    /// The heartbeat's write, which finds out whether writing works again: it passes read-only mode's refusal.
    public Task<WriteScope> BeginProbeAsync(CancellationToken ct = default) => BeginAsync(ct, quiet: true);

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
        catch (Exception ex) when (ex is DbException or StorageUnavailableException)
        {
            readOnly.SideWriteFailed(ex);
            return fallback;
        }
    }

    /// Waits for the app's own writers only, for work that must not overlap a write of this process (SQLite's
    /// checkpoint); the caller releases it with ReleaseWriter.
    protected Task WaitForWriterAsync(CancellationToken ct) => _writer.WaitAsync(ct);

    protected internal void ReleaseWriter() => _writer.Release();

    private async Task<WriteScope> BeginAsync(CancellationToken ct, bool quiet)
    {
        await _writer.WaitAsync(ct);
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            var transaction = await BeginWriteTransactionAsync(connection, quiet, ct);
            return new WriteScope(connection, transaction, this, readOnly, quiet ? null : Committed);
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
}

/// One write transaction holding the writer gate. Committing ends the scope at once, so whatever the caller does
/// afterwards (rendering a page, answering) no longer holds up the next writer.
/// committed: told once the commit is visible (the cached reads' version); null for the heartbeat, which changes nothing they read.
public sealed class WriteScope(DbConnection connection, DbTransaction transaction, Database database, ReadOnlyMode readOnly, Action? committed) : IAsyncDisposable
{
    private bool _ended;
    private List<Action>? _afterCommit;

    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;

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
                ct.ThrowIfCancellationRequested();
                await database.CommitAsync(Transaction, quiet: committed is null, ct);
            }
            catch (DbException ex)
            {
                // In WAL mode a full disk shows at commit, when the pages are appended to the log.
                readOnly.Note(ex);
                throw;
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
            database.ReleaseWriter();
        }
    }
}
