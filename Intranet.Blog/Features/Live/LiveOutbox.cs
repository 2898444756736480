using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// The live pipeline. It takes each committed event from the log (EventStore.Committed) and pushes its envelope to
/// the screens that show it, one after another in commit order: every connection receives the events it gets in
/// event id order, so for any post the changes arrive in the order they committed. It runs off the write requests:
/// rendering and a stalled connection (a group send waits for each of them) never hold up a writer. Whatever
/// queued up meanwhile is built as the next page, in one pass. A push that fails loses nothing: clients catch up
/// from the events log.
public sealed class LiveOutbox(
    EventStore events, IServiceScopeFactory scopes, LiveSessions sessions, IHubContext<LiveHub, ILiveClient> hub, ILogger<LiveOutbox> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var page = new List<EventRow>();
        while (await events.Committed.WaitToReadAsync(stoppingToken))
        {
            page.Clear();
            while (page.Count < EventsController.PageSize && events.Committed.TryRead(out var e))
            {
                page.Add(e);
            }

            try
            {
                await PushAsync(page, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Live envelopes of events {First} to {Last} failed; clients will catch up", page[0].Id, page[^1].Id);
            }
        }
    }

    private async Task PushAsync(IReadOnlyList<EventRow> page, CancellationToken ct)
    {
        foreach (var e in page.Where(e => e.Kind == EventKinds.SessionsEnded))
        {
            sessions.End(e.UserId ?? e.TargetId);
        }

        // Rendered only in the languages someone reads in: with no screen open, nothing is rendered at all.
        var cultures = WebSetup.Cultures.Where(c => sessions.HasReaders(c.Name)).ToList();
        var pushed = page.Where(e => e.Kind != EventKinds.SessionsEnded).ToList();
        if (cultures.Count == 0 || pushed.Count == 0)
        {
            return;
        }

        IReadOnlyList<LiveEvent> envelopes;
        await using (var scope = scopes.CreateAsyncScope())
        {
            envelopes = await scope.ServiceProvider.GetRequiredService<EnvelopeBuilder>().BuildAsync(pushed, cultures, ct);
        }

        foreach (var (e, envelope) in pushed.Zip(envelopes))
        {
            if (e.UserId is { } userId)
            {
                await SendAsync(LiveGroups.User(userId), envelope);
                continue;
            }

            // Only the screens with the department's page open.
            if (EventKinds.IsForDepartmentPage(e.Kind) && e.DepartmentId is { } departmentId)
            {
                await SendAsync(LiveGroups.Department(departmentId), envelope);
                continue;
            }

            foreach (var culture in cultures)
            {
                var html = envelope.Html is { } all ? new Dictionary<string, string> { [culture.Name] = all[culture.Name] } : null;
                await SendAsync(LiveGroups.Feed(culture.Name), envelope with { Html = html });
            }
        }
    }

    private async Task SendAsync(string group, LiveEvent envelope)
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
