using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Db;

/// <summary><c>Intranet:Storage</c>: read-only mode when the disk cannot take writes.</summary>
public sealed class StorageOptions
{
    /// <summary><c>Intranet:Storage:RetrySeconds</c>: in read-only mode, how often the app tries whether writing works again.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int RetrySeconds { get; set; } = 5;

    /// <summary><c>Intranet:Storage:StartCheckMilliseconds</c>: how long the database check may hold up a start; a larger database is checked in the background after start.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 600_000)]
    public int StartCheckMilliseconds { get; set; } = 100;

    /// <summary><c>Intranet:Storage:WarnFreeMegabytes</c>: admins are warned (admin pages, log) when less than this is free on the data directory's disk; 0: never.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, int.MaxValue)]
    public int WarnFreeMegabytes { get; set; } = 1024;

    /// <summary><c>Intranet:Storage:WarnFreePercent</c>: likewise when less than this share of that disk is free; 0: never.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 100)]
    public int WarnFreePercent { get; set; } = 10;
}

/// Writing resumes by itself: while in read-only mode for a reason that can pass (space freed, the file system
/// writable again), a heartbeat is tried every few seconds, and the first that goes through ends the mode.
public sealed class ReadOnlyRecovery(ReadOnlyMode readOnly, Heartbeat heartbeat, IOptions<StorageOptions> options, TimeProvider clock)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RetrySeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (readOnly.Current is { PassesByItself: true })
            {
                await heartbeat.BeatAsync(stoppingToken);
            }
        }
    }
}
