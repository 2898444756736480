namespace Intranet.Blog.Features.Guides;

/// Once an hour, reminds owners of guides that fall due within a week. A reminder goes out once per review date
/// (posts.review_reminded_for), so restarts and a second node change nothing; quiet hours decide when it shows.
public sealed partial class GuideReminders(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GuideReminders> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<GuideService>().RemindAsync(stoppingToken);
                }

                await Task.Delay(Every, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The next round catches up: a reminder counts as sent only once it committed.
                Failed(logger, ex);
                await Task.Delay(Every, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guide review reminders failed; trying again in an hour")]
    private static partial void Failed(ILogger logger, Exception exception);
}
