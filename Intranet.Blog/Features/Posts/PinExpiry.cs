using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// Ends pins whose last day is over, so open pages drop them live. Pages never show an ended pin in the meantime
/// (PinStore filters by the time), so this only has to be on time for the screens that are open: it wakes at the next
/// end, or every minute at the latest to notice pins added meanwhile.
public sealed partial class PinExpiry(IServiceScopeFactory scopes, Database db, PinStore pins, TimeProvider clock, ILogger<PinExpiry> logger)
    : BackgroundService
{
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(PinExpiry), scopes, clock, Longest, async (services, ct) =>
        {
            await services.GetRequiredService<PinService>().ExpireAsync(ct);
            await using var connection = await db.OpenAsync(ct);
            var wait = await pins.NextEndAsync(connection, ct) is { } at ? at - clock.GetUtcNow() : Longest;
            return wait > Longest ? Longest : wait;
        }, ex => Failed(logger, ex), stoppingToken);

    // A locked or read-only database: pages hide ended pins anyway.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending expired pins failed; trying again in a minute")]
    private static partial void Failed(ILogger logger, Exception exception);
}
