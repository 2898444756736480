using Intranet.Blog.Infrastructure;

namespace Intranet.Blog.Features.Guides;

/// Once an hour, reminds owners of guides that fall due within a week. A reminder goes out once per review date
/// (posts.review_reminded_for), so restarts and a second node change nothing; quiet hours decide when it shows.
public sealed partial class GuideReminders(IServiceScopeFactory scopes, TimeProvider clock, ILogger<GuideReminders> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(GuideReminders), scopes, clock, Every, async (services, ct) =>
        {
            await services.GetRequiredService<GuideService>().RemindAsync(ct);
            return Every;
        }, ex => Failed(logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guide review reminders failed; trying again in an hour")]
    private static partial void Failed(ILogger logger, Exception exception);
}
