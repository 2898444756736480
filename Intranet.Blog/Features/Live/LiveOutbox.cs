using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Sends envelopes to their group one after another, in the order they were queued. A group send waits for
/// every connection in it, so sending here instead of in the write request keeps a stalled connection from
/// holding the writer gate, and with it every write of the app.
public sealed class LiveOutbox(IHubContext<LiveHub, ILiveClient> hub, ILogger<LiveOutbox> logger) : BackgroundService
{
    private readonly Channel<(string Group, LiveEvent Envelope)> _queue =
        Channel.CreateUnbounded<(string, LiveEvent)>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(string group, LiveEvent envelope) => _queue.Writer.TryWrite((group, envelope));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (group, envelope) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.Group(group).Event(envelope);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Live push of event {EventId} failed; clients will catch up", envelope.Id);
            }
        }
    }
}
