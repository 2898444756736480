using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// Ends pins whose last day is over, so open pages drop them live. Pages never show an ended pin in the meantime
/// (PinStore filters by the time), so this only has to be on time for the screens that are open: it wakes at the next
/// end, or every minute at the latest to notice pins added meanwhile.
public sealed partial class PinExpiry(IServiceScopeFactory scopes, SqliteConnectionFactory db, PinStore pins, TimeProvider clock, ILogger<PinExpiry> logger)
    : BackgroundService
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<PinService>().ExpireAsync(stoppingToken);
                }

                DateTimeOffset? next;
                await using (var connection = await db.OpenAsync(stoppingToken))
                {
                    next = await pins.NextEndAsync(connection, stoppingToken);
                }

                var wait = next is { } at ? at - clock.GetUtcNow() : Longest;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A locked or read-only database: pages hide ended pins anyway; try again in a minute.
                Failed(logger, ex);
                await Task.Delay(Longest, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending expired pins failed; trying again in a minute")]
    private static partial void Failed(ILogger logger, Exception exception);
}
