using System.Threading.Channels;
using Intranet.Blog.Features.Live;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Notifications;

/// Keeps bells current: sends a person's visible unread count to their own group after a change, and every
/// 30 seconds announces the entries whose quiet hours have ended. Sends run here, off the write request, so a
/// stalled connection holds up nobody; a lost push costs nothing, as the page fetches the count on reconnect.
public sealed class NotificationPusher(
    NotificationStore store, IHubContext<LiveHub, ILiveClient> hub, TimeProvider clock, ILogger<NotificationPusher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// After commit: these people's counts changed.
    public void Enqueue(IEnumerable<long> recipients)
    {
        foreach (var id in recipients.Distinct())
        {
            _queue.Writer.TryWrite(id);
        }
    }

    /// Marks every entry that has become visible as announced and pushes the counts of the people concerned.
    public async Task<IReadOnlyList<long>> AnnounceDueAsync(CancellationToken ct)
    {
        var recipients = await store.AnnounceDueAsync(clock.GetUtcNow(), ct);
        foreach (var id in recipients)
        {
            await PushAsync(id, ct);
        }

        return recipients;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(SendQueuedAsync(stoppingToken), AnnouncePeriodicallyAsync(stoppingToken));
    }

    private async Task SendQueuedAsync(CancellationToken ct)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(ct))
        {
            await PushAsync(id, ct);
        }
    }

    private async Task AnnouncePeriodicallyAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await AnnounceDueAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Announcing due notifications failed; the next tick retries");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync(long userId, CancellationToken ct)
    {
        try
        {
            var count = await store.UnreadCountAsync(userId, clock.GetUtcNow(), ct);
            await hub.Clients.Group(LiveGroups.User(userId)).Unread(new UnreadCount(count));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Unread count push to user {UserId} failed; the page catches up on reconnect", userId);
        }
    }
}
