using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// What the data directory takes and what its disk has left, shown to admins beside the last backup. Free is what this
/// process may still use (a full disk turns the app read-only); Low says free space fell below the threshold.
/// SharedUploads: the same for a shared uploads folder (Intranet:UploadsDirectory), whose disk is another one.
public sealed record StorageFigures(long DatabaseBytes, long WalBytes, long FreeBytes, long TotalBytes, bool Low, DiskSpace? SharedUploads = null);

/// Missing: the folder is gone (a share that came unmounted); Low then too.
public sealed record DiskSpace(string Path, long FreeBytes, long TotalBytes, bool Low, bool Missing = false);

/// Free space watched before it runs out: the figures on the backup page, a warning on every admin page while space
/// is low, and one warning in the log when it falls below the threshold (Intranet:Storage:WarnFreeMegabytes, default
/// 1 GB, or WarnFreePercent of the disk, default 10 %; either one low is enough), checked every few minutes.
public sealed partial class StorageWatch(IOptions<IntranetOptions> options, IOptions<StorageOptions> storage, TimeProvider clock, ILogger<StorageWatch> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public StorageFigures Figures()
    {
        var database = options.Value.DatabasePath;
        var (free, total) = Disk(options.Value.DataPath);
        DiskSpace? uploads = null;
        if (options.Value.SharedUploads)
        {
            var (uploadsFree, uploadsTotal) = Disk(options.Value.UploadsPath);
            var missing = options.Value.SharedUploadsMissing;
            uploads = new DiskSpace(options.Value.UploadsPath, missing ? 0 : uploadsFree, missing ? 0 : uploadsTotal, missing || IsLow(uploadsFree, uploadsTotal), missing);
        }

        return new StorageFigures(SizeOf(database), SizeOf(database + "-wal"), free, total, IsLow(free, total), uploads);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wasLow = false;
        var uploadsWereLow = false;
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            var figures = Figures();
            if (figures.Low != wasLow)
            {
                Warn(figures.Low, options.Value.DataPath, figures.FreeBytes, figures.TotalBytes, RunningLow);
            }

            if (figures.SharedUploads is { } uploads && uploads.Low != uploadsWereLow)
            {
                Warn(uploads.Low, uploads.Path, uploads.FreeBytes, uploads.TotalBytes, uploads.Missing ? UploadsMissing : UploadsRunningLow);
            }

            wasLow = figures.Low;
            uploadsWereLow = figures.SharedUploads?.Low == true;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private void Warn(bool low, string path, long free, long total, Action<ILogger, string, long, long> runningLow)
    {
        if (low)
        {
            runningLow(logger, path, free / 1048576, total / 1048576);
        }
        else
        {
            EnoughAgain(logger, path, free / 1048576);
        }
    }

    private bool IsLow(long free, long total) =>
        free < storage.Value.WarnFreeMegabytes * 1048576L || (total > 0 && free * 100.0 / total < storage.Value.WarnFreePercent);

    private static (long Free, long Total) Disk(string path)
    {
        try
        {
            var drive = new DriveInfo(path);
            return (drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (long.MaxValue, 0); // no figure is no alarm: a data directory that is gone shows up in /readyz
        }
    }

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Free space is running low on the disk of {DataPath}: {FreeMb} MB of {TotalMb} MB left. Writing stops (read-only mode) when it is full: free space or move the data directory")]
    private static partial void RunningLow(ILogger logger, string dataPath, long freeMb, long totalMb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Free space is running low on the disk of the shared uploads folder {DataPath}: {FreeMb} MB of {TotalMb} MB left. Images are refused when it is full: free space on the share")]
    private static partial void UploadsRunningLow(ILogger logger, string dataPath, long freeMb, long totalMb);

    [LoggerMessage(Level = LogLevel.Error, Message = "The shared uploads folder {DataPath} is missing ({FreeMb} MB of {TotalMb} MB): images answer 404 and are refused on this node until the share is mounted again")]
    private static partial void UploadsMissing(ILogger logger, string dataPath, long freeMb, long totalMb);

    [LoggerMessage(Level = LogLevel.Information, Message = "Free space on the disk of {DataPath} is above the warning threshold again: {FreeMb} MB")]
    private static partial void EnoughAgain(ILogger logger, string dataPath, long freeMb);
}
