using Intranet.Blog.Infrastructure.Search;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// Why writing is not possible. The first three pass when the operator fixes the disk (the app notices by itself);
/// the last two need the operator: a database file deleted under the running app, or a damaged one.
public enum StorageFault { DiskFull, ReadOnly, Failing, Moved, Damaged }

/// Refused at the writer gate while the app is in read-only mode, so nothing is attempted that cannot be kept.
public sealed class StorageUnavailableException(StorageFault fault, string detail)
    : Exception($"Writing is stopped ({fault}): {detail}")
{
    public StorageFault Fault { get; } = fault;
}

/// Read-only mode: while the storage cannot take writes, pages still show (reads never need the disk to grow),
/// writes are refused at once with a message that says why, and everyone sees a banner. Entered by whatever write
/// fails for a storage reason first; left when a heartbeat goes through again (see Heartbeat).
public sealed class ReadOnlyMode(IOptions<IntranetOptions> options, TimeProvider clock, ILogger<ReadOnlyMode> logger)
{
    /// Below this much free space a failed write is a full disk, whatever SQLite called it (it reports a failed
    /// ftruncate or shared-memory growth as an I/O error), and a heartbeat does not count as "space is back".
    public const long MinimumFreeBytes = 1024 * 1024;

    private readonly Lock _lock = new();
    private State? _state;

    public sealed record State(StorageFault Fault, string Detail, DateTimeOffset Since)
    {
        /// The disk comes back by itself (space freed, file system remounted); a deleted or damaged database does not.
        public bool PassesByItself => Fault is StorageFault.DiskFull or StorageFault.ReadOnly or StorageFault.Failing;
    }

    /// Null while writes work.
    public State? Current => _state;

    /// Raised after every change, with the new state (null: writing again). Handlers must not block.
    public event Action<State?>? Changed;

    public void ThrowIfActive()
    {
        if (_state is { } state)
        {
            throw new StorageUnavailableException(state.Fault, state.Detail);
        }
    }

    public void Enter(StorageFault fault, string detail)
    {
        State state;
        lock (_lock)
        {
            // A deleted or damaged database stays the reason until restart: a full disk on top does not hide it.
            if (_state is { } current && (current.Fault == fault || !current.PassesByItself))
            {
                return;
            }

            _state = state = new State(fault, detail, clock.GetUtcNow());
        }

        logger.LogError("Read-only mode: {Fault}: {Detail}. Pages still show; posts, comments and reactions are refused until this is fixed.", fault, detail);
        Changed?.Invoke(state);
    }

    public void Leave()
    {
        lock (_lock)
        {
            if (_state is not { PassesByItself: true })
            {
                return;
            }

            _state = null;
        }

        logger.LogWarning("Writing works again: read-only mode ended.");
        Changed?.Invoke(null);
    }

    /// Enters read-only mode when the exception is a storage failure; returns whether it was one.
    public bool Note(Exception exception)
    {
        if (Classify(exception) is not { } fault)
        {
            return false;
        }

        Enter(fault, Innermost(exception).Message.TrimEnd('.'));
        return true;
    }

    /// A write on the side of a page failed (see Database.TryWriteAsync); the page is shown without it.
    public void SideWriteFailed(Exception exception)
    {
        if (!Note(exception))
        {
            logger.LogWarning(exception, "A write on the side of a page failed; the page was shown without it");
        }
    }

    public StorageFault? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StorageUnavailableException refused:
                    return refused.Fault;
                // The search index's own damage, built again from the rows (SearchIndexBuild.IsDamage): the file is sound.
                case SqliteException sqlite when SearchIndexBuild.IsDamage(sqlite):
                    return null;
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        SQLitePCL.raw.SQLITE_FULL => StorageFault.DiskFull,
                        SQLitePCL.raw.SQLITE_READONLY => StorageFault.ReadOnly,
                        SQLitePCL.raw.SQLITE_IOERR => FreeBytes() < MinimumFreeBytes ? StorageFault.DiskFull : StorageFault.Failing,
                        SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB => StorageFault.Damaged,
                        // The file was opened at start; it cannot be opened now only if it was deleted or lost its permissions.
                        SQLitePCL.raw.SQLITE_CANTOPEN => File.Exists(options.Value.DatabasePath) ? StorageFault.Failing : StorageFault.Moved,
                        _ => null,
                    };
                case PostgresException postgres:
                    return postgres.SqlState switch
                    {
                        PostgresErrorCodes.DiskFull => StorageFault.DiskFull,
                        PostgresErrorCodes.ReadOnlySqlTransaction => StorageFault.ReadOnly, // a standby, or set read-only
                        PostgresErrorCodes.IoError or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow => StorageFault.Failing,
                        PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted => StorageFault.Damaged,
                        _ when postgres.SqlState.StartsWith("08", StringComparison.Ordinal) => StorageFault.Failing, // the connection
                        _ => null,
                    };
                case NpgsqlException { IsTransient: true }:
                    return StorageFault.Failing; // the server went away or cannot be reached
                case IOException io when io.HResult is Errno.NoSpace or Errno.QuotaExceeded:
                    return StorageFault.DiskFull;
                case IOException io when io.HResult == Errno.ReadOnlyFileSystem:
                    return StorageFault.ReadOnly;
                case IOException io when io.HResult == Errno.IoError:
                    return StorageFault.Failing;
            }
        }

        return null;
    }

    /// Free space on the file system of the data directory (what an unprivileged process may use).
    public long FreeBytes()
    {
        try
        {
            return new DriveInfo(options.Value.DataPath).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}

/// On Unix, .NET puts the errno of a failed file operation it has no exception type for into IOException.HResult.
internal static class Errno
{
    public const int IoError = 5;
    public const int NoSpace = 28;
    public const int ReadOnlyFileSystem = 30;
    public const int QuotaExceeded = 122;

    public static bool IsStorage(IOException e) => e.HResult is IoError or NoSpace or ReadOnlyFileSystem or QuotaExceeded;
}
