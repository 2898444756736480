using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Sends a committed change to the screens that show it. Runs after commit: a failed push loses nothing,
/// because clients catch up from the events log when they reconnect.
public sealed class LiveBroadcaster(IHubContext<LiveHub, ILiveClient> hub, EnvelopeBuilder envelopes, ILogger<LiveBroadcaster> logger)
{
    public async Task PublishAsync(EventRow e, CancellationToken ct)
    {
        try
        {
            var envelope = await envelopes.BuildAsync(e, allCultures: true, CancellationToken.None);
            var clients = e.UserId is { } userId ? hub.Clients.Group(LiveGroups.User(userId)) : hub.Clients.Group(LiveGroups.Feed);
            await clients.Event(envelope);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Live push of event {EventId} failed; clients will catch up", e.Id);
        }
    }
}
