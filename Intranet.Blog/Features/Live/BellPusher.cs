using Intranet.Blog.Features.Notifications;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Sends each person queued by the bell (Notifications.BellQueue) their visible unread count, to their own group.
/// Sends run here, off the write request, so a stalled connection holds up nobody.
public sealed class BellPusher(BellQueue bells, NotificationStore store, IHubContext<LiveHub, ILiveClient> hub, ILogger<BellPusher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var userId in bells.Changed.ReadAllAsync(stoppingToken))
        {
            try
            {
                var count = await store.UnreadCountAsync(userId, stoppingToken);
                await hub.Clients.Group(LiveGroups.User(userId)).Unread(new UnreadCount(count));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Unread count push to user {UserId} failed; the page catches up on reconnect", userId);
            }
        }
    }
}
