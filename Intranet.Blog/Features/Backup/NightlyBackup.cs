using System.Globalization;
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
}

public sealed class NightlyBackup(BackupService backups, IOptions<BackupOptions> settings, IOptions<IntranetOptions> options,
    TimeProvider clock, ILogger<NightlyBackup> logger) : BackgroundService
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

            await Task.Delay(next - now, clock, stoppingToken);
            await RunOnceAsync(stoppingToken);
        }
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        var folder = Path.Combine(options.Value.DataPath, "backups");
        Directory.CreateDirectory(folder);
        try
        {
            var name = $"intranet-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
            await backups.CreateFileAsync(Path.Combine(folder, name), ct);
            foreach (var old in Directory.GetFiles(folder, "intranet-*.zip").Order(StringComparer.Ordinal).SkipLast(Math.Max(1, settings.Value.Keep)))
            {
                File.Delete(old);
            }

            logger.LogInformation("Nightly backup written: {Name}", name);
        }
        catch (Exception ex) when (ex is IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError(ex, "Nightly backup failed");
        }
    }
}
