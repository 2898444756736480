using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Announcements;

/// Sends the due-date reminders of must-reads, once a minute. The state is in the database (due_reminded_at), so a
/// restart neither loses nor repeats a reminder.
public sealed class DueReminders(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DueReminders> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<Database>().RunsJobAsync(nameof(DueReminders), stoppingToken))
                    {
                        await scope.ServiceProvider.GetRequiredService<AnnouncementService>().RemindDueAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Sending due reminders failed; the next tick retries");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
