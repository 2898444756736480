using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Features.Live;

/// Turns a committed change into its envelope and queues it for the screens that show it. Services call it
/// after commit but before their write scope ends, so the writer gate orders the queue by event id and every
/// connection receives events in commit order. A lost push loses nothing: clients catch up from the events log.
public sealed class LiveBroadcaster(EnvelopeBuilder envelopes, LiveOutbox outbox, LiveSessions sessions, ILogger<LiveBroadcaster> logger)
{
    public async Task PublishAsync(EventRow e, CancellationToken ct)
    {
        try
        {
            if (e.UserId is { } userId)
            {
                outbox.Enqueue(LiveGroups.User(userId), await envelopes.BuildAsync(e, WebSetup.Cultures, CancellationToken.None));
                return;
            }

            // Rendered only in the languages someone reads in: this runs inside the writer gate, and with nobody
            // connected (a server with no open screens) every post paid for two cards nobody received.
            var cultures = WebSetup.Cultures.Where(c => sessions.HasReaders(c.Name)).ToList();
            if (cultures.Count == 0)
            {
                return;
            }

            var envelope = await envelopes.BuildAsync(e, cultures, CancellationToken.None);
            foreach (var culture in cultures)
            {
                var html = envelope.Html is { } all ? new Dictionary<string, string> { [culture.Name] = all[culture.Name] } : null;
                outbox.Enqueue(LiveGroups.Feed(culture.Name), envelope with { Html = html });
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Live envelope of event {EventId} failed; clients will catch up", e.Id);
        }
    }
}
