using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Nodes;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Intranet.Blog.Features.Live;

/// The live pipeline. It takes each committed event from the log (EventStore.Committed) and pushes its envelope to
/// the screens that show it, one after another in commit order: every connection receives the events it gets in
/// event id order, so for any post the changes arrive in the order they committed. It runs off the write requests:
/// rendering and a stalled connection (a group send waits for each of them) never hold up a writer. Whatever
/// queued up meanwhile is built as the next page, in one pass. A push that fails loses nothing: clients catch up
/// from the events log.
/// Several nodes (Intranet:Redis): one node pushes every node's events, read from the log in id order, through
/// SignalR's Redis backplane to the screens of all nodes. One pusher keeps the order (two nodes each pushing their own
/// writes would race through Redis, and a screen drops an event older than one it has applied) and renders each
/// event once per language. It is a background job (Database.RunsJobAsync); a node that takes it over pushes again
/// what committed shortly before, which screens that had it drop as repeats (a screen gets every event through one
/// group, so in id order).
public sealed class LiveOutbox(
    EventStore events, Database db, IServiceScopeFactory scopes, LiveSessions sessions,
    IHubContext<LiveHub, ILiveClient> hub, TimeProvider clock, ILogger<LiveOutbox> logger, SharedRedis? redis = null) : BackgroundService
{
    /// How often a node that does not push asks whether it should: how long live updates pause when the pushing node dies.
    private static readonly TimeSpan Standby = TimeSpan.FromSeconds(2);

    /// Longer than a standby: the pushing node may have died before pushing what committed in its last moments.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(30);

    private static readonly RedisChannel SessionsEndedChannel = SharedRedis.Channel("sessions-ended");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        redis is not null ? PushForAllNodesAsync(redis, stoppingToken) : PushCommittedAsync(stoppingToken);

    private async Task PushCommittedAsync(CancellationToken stoppingToken)
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

    /// The subscription connection is back before its channels are subscribed again; a page reconnecting in between
    /// would be refused (its groups cannot subscribe) and wait for its next try. A ping through the subscription
    /// connection is answered in order after the subscriptions sent before it, so the pages are closed when they can
    /// come back at once.
    private async Task EndAllOnceSubscribedAsync(IConnectionMultiplexer connection)
    {
        for (var tries = 0; tries < 50; tries++)
        {
            try
            {
                await connection.GetSubscriber().PingAsync();
                break;
            }
            catch (RedisException)
            {
                await Task.Delay(100);
            }
        }

        logger.LogWarning("Redis is back: {Count} live connections of this node reconnect to catch up", sessions.EndAll());
    }

    private async Task PushForAllNodesAsync(SharedRedis redis, CancellationToken stoppingToken)
    {
        var connection = await redis.ConnectionAsync();
        // Each node closes its own connections of a person whose sessions ended; the pushing node tells them all.
        (await connection.GetSubscriber().SubscribeAsync(SessionsEndedChannel)).OnMessage(m => sessions.End((long)m.Message));
        // While Redis was away no screen got a push (the backplane's sends go through it) and no node heard of ended
        // sessions. Back, each node closes its connections: the pages reconnect, which checks their cookies again,
        // and catch up on what they missed.
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                _ = EndAllOnceSubscribedAsync(connection);
            }
        };
        long? after = null;
        var asked = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The local log's copies are not needed: the log itself is read.
                while (events.Committed.TryRead(out _))
                {
                }

                if (after is null || Environment.TickCount64 - asked >= Standby.TotalMilliseconds)
                {
                    asked = Environment.TickCount64;
                    if (!await db.RunsJobAsync(nameof(LiveOutbox), stoppingToken))
                    {
                        after = null;
                        await Task.Delay(Standby, stoppingToken);
                        continue;
                    }
                }

                var next = db.NextCommitAsync();
                after ??= await events.LastBeforeAsync(clock.GetUtcNow() - Overlap, stoppingToken);
                var page = await events.AllAfterAsync(after.Value, EventsController.PageSize, stoppingToken);
                if (page.Count > 0)
                {
                    after = page[^1].Id;
                    await PushAsync(page, stoppingToken);
                    if (page.Count == EventsController.PageSize)
                    {
                        continue;
                    }
                }

                await next.WaitAsync(Standby, stoppingToken);
            }
            catch (TimeoutException)
            {
                // No commit for a while: ask again whether this node still pushes.
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Pushing live events after {After} failed; trying again shortly, clients catch up meanwhile", after);
                try
                {
                    await Task.Delay(Standby, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task PushAsync(IReadOnlyList<EventRow> page, CancellationToken ct)
    {
        foreach (var e in page.Where(e => e.Kind == EventKinds.SessionsEnded))
        {
            // This node's own at once, so they close even while Redis is away; the others through Redis.
            sessions.End(e.UserId ?? e.TargetId);
            if (redis is not null)
            {
                await (await redis.ConnectionAsync()).GetSubscriber().PublishAsync(SessionsEndedChannel, e.UserId ?? e.TargetId);
            }
        }

        // Rendered only in the languages someone reads in: with no screen open, nothing is rendered at all. With several
        // nodes, the readers are on every node, so every language is rendered.
        var cultures = WebSetup.Cultures.Where(c => redis is not null || sessions.HasReaders(c.Name)).ToList();
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

            // Only the screens with the department's page open. With several nodes, through the feed like every other
            // event instead, whose department pages pick out their own: each group's pushes cross Redis apart, and a
            // page applies events in id order only if they all come one way.
            if (redis is null && EventKinds.IsForDepartmentPage(e.Kind) && e.DepartmentId is { } departmentId)
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
