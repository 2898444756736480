using System.Globalization;
using System.Runtime.InteropServices;
using Dapper;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// A damaged database is found at start, not by the first reader: PRAGMA quick_check before the migrations, for
/// at most Intranet:Storage:StartCheckMilliseconds (a small file is checked whole in that time); what a larger
/// file leaves unchecked is checked in the background right after start, and damage found there puts the app in
/// read-only mode. The full integrity_check runs on demand (admin area, `check` command). Either way, damage is
/// reported with the way out: the restore command and the last nightly backup, named with its date.
public sealed class IntegrityCheck(IOptions<IntranetOptions> options, IOptions<BackupOptions> backup, IOptions<StorageOptions> storage, ReadOnlyMode readOnly, ILogger<IntegrityCheck> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<bool> _startCheckDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string DatabasePath => options.Value.DatabasePath;

    /// Before the migrations. Damage found refuses the start; a check cut short by its time is finished after start.
    public async Task CheckAtStartAsync(CancellationToken ct = default)
    {
        var budget = TimeSpan.FromMilliseconds(storage.Value.StartCheckMilliseconds);
        try
        {
            // PostgreSQL's pages are the server's to check (data checksums, pg_amcheck), not a file of the app's.
            if (options.Value.OnPostgres)
            {
                return;
            }

            // A first start has nothing to check; a budget of 0 leaves the whole check to the background.
            if (!File.Exists(DatabasePath) || new FileInfo(DatabasePath).Length == 0 || budget == TimeSpan.Zero)
            {
                _startCheckDone.TrySetResult(budget != TimeSpan.Zero);
                return;
            }

            var (complete, problems) = await RunAsync("quick_check", budget, ct);
            if (problems is not null)
            {
                throw new StartRefusedException(Damaged(problems));
            }

            _startCheckDone.TrySetResult(complete);
        }
        finally
        {
            _startCheckDone.TrySetResult(true); // refused: there is no "after start"
        }
    }

    /// The full integrity_check: null when the database is sound, otherwise what is wrong and the way out.
    public async Task<string?> FullCheckAsync(CancellationToken ct) =>
        (await RunAsync("integrity_check", null, ct)).Problems is { } problems ? Damaged(problems) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await _startCheckDone.Task.WaitAsync(stoppingToken))
        {
            return;
        }

        logger.LogInformation("The database is larger than the start-up check could cover; checking the rest now");
        try
        {
            // One synchronous call that runs for as long as the file is large (seconds for a large one): on a thread of
            // its own, so it never holds a thread-pool thread requests need (on one core that was the whole pool, and
            // the first page after a start waited for the check to end), and at a lower CPU priority, so it takes the
            // time requests leave and no more. It starts as before and, on an idle server, takes as long as before.
            var check = await Task.Factory.StartNew(() =>
            {
                LowerThisThreadsPriority();
                return RunAsync("quick_check", null, stoppingToken);
            }, stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if ((await check).Problems is { } problems)
            {
                readOnly.Enter(StorageFault.Damaged, Damaged(problems));
            }
        }
        catch (SqliteException ex)
        {
            logger.LogError(ex, "The background check of the database could not run");
        }
    }

    /// Runs the pragma on a connection of its own (read-only, not pooled, so an interrupt reaches nothing else).
    /// Problems is null when the database is sound; Complete is false when the time ran out first.
    private async Task<(bool Complete, string? Problems)> RunAsync(string pragma, TimeSpan? budget, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync(ct);
        // Interrupting from a timer is what sqlite3_interrupt is for; it ends the running statement with SQLITE_INTERRUPT.
        await using var deadline = budget is { } b ? new Timer(_ => SQLitePCL.raw.sqlite3_interrupt(connection.Handle), null, b, Timeout.InfiniteTimeSpan) : null;
        try
        {
            // quick_check and integrity_check answer one row "ok", or one row per problem (at most 100).
            var rows = (await connection.QueryAsync<string>(new CommandDefinition($"PRAGMA {pragma}(100)", cancellationToken: ct))).AsList();
            return (true, rows is ["ok"] ? null : string.Join("; ", rows.Take(3)) + (rows.Count > 3 ? $" (and {rows.Count - 3} more)" : ""));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SQLitePCL.raw.SQLITE_INTERRUPT)
        {
            return (false, null);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_CORRUPT or SQLitePCL.raw.SQLITE_NOTADB)
        {
            return (true, ex.Message.Replace("SQLite Error ", "error ", StringComparison.Ordinal).TrimEnd('.'));
        }
    }

    /// Linux keeps a nice value per thread (setpriority with the thread's id); the runtime's Thread.Priority does not
    /// reach it. Raising the value needs no privilege. Elsewhere, or on a C library without gettid, nothing changes.
    private static void LowerThisThreadsPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = Native.SetPriority(Native.PrioProcess, Native.GetTid(), 10);
        }
        catch (EntryPointNotFoundException)
        {
        }
        catch (DllNotFoundException)
        {
        }
    }

    private static class Native
    {
        public const int PrioProcess = 0;

        [DllImport("libc", EntryPoint = "gettid")]
        public static extern int GetTid();

        [DllImport("libc", EntryPoint = "setpriority")]
        public static extern int SetPriority(int which, int who, int priority);
    }

    /// What is wrong, and the way out: the restore command with the newest nightly backup.
    private string Damaged(string problems)
    {
        var folder = backup.Value.FolderFor(options.Value);
        var newest = Directory.Exists(folder) ? Directory.GetFiles(folder, "intranet-*.zip").Order(StringComparer.Ordinal).LastOrDefault() : null;
        var wayOut = newest is null
            ? $"No nightly backup is in {folder}: restore your newest backup with `dotnet Intranet.Blog.dll restore <file>`."
            : $"Restore the last nightly backup, made {MadeAt(newest)}: `dotnet Intranet.Blog.dll restore {newest}`.";
        return $"The database {DatabasePath} is damaged ({problems}). {wayOut}";
    }

    /// Nightly archives are named intranet-yyyyMMdd-HHmmss.zip in UTC; a renamed one has its file time.
    private static string MadeAt(string archive) =>
        DateTime.TryParseExact(Path.GetFileNameWithoutExtension(archive)["intranet-".Length..], "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var made)
            ? made.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : File.GetLastWriteTimeUtc(archive).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
