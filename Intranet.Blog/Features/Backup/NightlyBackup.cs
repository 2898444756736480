using System.Globalization;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// <summary><c>Intranet:Backup</c>: the nightly backup into <c>{DataDirectory}/backups</c>.</summary>
public sealed class BackupOptions
{
    /// <summary><c>Intranet:Backup:Nightly</c>: make a backup every night.</summary>
    public bool Nightly { get; set; } = true;

    /// <summary><c>Intranet:Backup:Hour</c>: the hour (0–23, server local time) at which it runs.</summary>
    public int Hour { get; set; } = 2;

    /// <summary><c>Intranet:Backup:Keep</c>: how many nightly archives to keep; older ones are deleted.</summary>
    public int Keep { get; set; } = 7;

    /// <summary><c>Intranet:Backup:Directory</c>: where the nightly archives go; empty means <c>backups</c> in the data
    /// directory. Several nodes set one folder they share: any node may write tonight's archive, and one node's own
    /// disk is where it would be lost with that node.</summary>
    [System.ComponentModel.DataAnnotations.StringLength(4096)]
    public string? Directory { get; set; }

    public string FolderFor(IntranetOptions intranet) =>
        string.IsNullOrWhiteSpace(Directory) ? Path.Combine(intranet.DataPath, "backups") : Path.GetFullPath(Directory);
}

/// Writes the nightly archive (without the sign-in keys, like the command line's default) and records the outcome.
/// On PostgreSQL with pg_dump (PostgresBackup), by one node of several (a background job), into Intranet:Backup:Directory.
/// A failure of any kind is logged with its reason and recorded for the admins; the app keeps serving and the next
/// night tries again: an exception escaping a BackgroundService stops the whole host.
public sealed partial class NightlyBackup(BackupService backups, Database db, BackupRunStore runs, IOptions<BackupOptions> settings,
    IOptions<IntranetOptions> options, TimeProvider clock, ILogger<NightlyBackup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Value.Nightly)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetLocalNow();
            var next = new DateTimeOffset(now.Date.AddHours(settings.Value.Hour), now.Offset);
            if (next <= now)
            {
                next = next.AddDays(1);
            }

            try
            {
                await Task.Delay(next - now, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!await db.RunsJobAsync(nameof(NightlyBackup), stoppingToken))
                {
                    continue; // another node writes tonight's
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Failed(logger, ex.Message, ex);
                continue;
            }

            await RunOnceAsync(stoppingToken);
        }
    }

    public async Task<BackupRun> RunOnceAsync(CancellationToken ct)
    {
        var started = clock.GetUtcNow();
        BackupRun run;
        try
        {
            var folder = settings.Value.FolderFor(options.Value);
            if (string.IsNullOrWhiteSpace(settings.Value.Directory))
            {
                Directory.CreateDirectory(folder);
            }
            else if (!Directory.Exists(folder))
            {
                // Made here, it would be on this node's own disk: a share that failed to mount must show as a failure.
                throw new DirectoryNotFoundException($"The backup folder {folder} (Intranet:Backup:Directory) does not exist: mount it or create it");
            }

            var name = $"intranet-{started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
            var bytes = await backups.CreateFileAsync(Path.Combine(folder, name), includeKeys: false, ct);
            foreach (var old in Directory.GetFiles(folder, "intranet-*.zip").Order(StringComparer.Ordinal).SkipLast(Math.Max(1, settings.Value.Keep)))
            {
                File.Delete(old);
            }

            Written(logger, name, bytes);
            run = new BackupRun { StartedAt = started, FinishedAt = clock.GetUtcNow(), File = name, Bytes = bytes };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Failed(logger, ex.Message, ex);
            run = new BackupRun { StartedAt = started, FinishedAt = clock.GetUtcNow(), Error = $"{ex.GetType().Name}: {ex.Message}" };
        }

        try
        {
            await runs.RecordAsync(run, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            NotRecorded(logger, ex);
        }

        return run;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly backup written: {Name} ({Bytes} bytes)")]
    private static partial void Written(ILogger logger, string name, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nightly backup failed: {Reason}. The app keeps running; the next attempt is tomorrow night")]
    private static partial void Failed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of the nightly backup could not be recorded")]
    private static partial void NotRecorded(ILogger logger, Exception exception);
}
