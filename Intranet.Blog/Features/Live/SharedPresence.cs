using System.Globalization;
using Intranet.Blog.Infrastructure.Nodes;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Intranet.Blog.Features.Live;

/// Several nodes: who has a post open is counted across all of them. Each node keeps its own (Presence) and writes the
/// people reading each post through it into one Redis hash per post, a field per node with the moment it stops
/// counting; the count is the people in all fields still valid. A node that dies stops counting after Lifetime, as
/// it no longer renews its fields: then the nodes still showing that post send the smaller count.
public sealed class SharedPresence(SharedRedis redis, Presence presence, IHubContext<LiveHub, ILiveClient> hub, TimeProvider clock, ILogger<SharedPresence> logger)
    : BackgroundService
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Dictionary<long, int> _sent = [];

    /// Writes this node's readers of the post and returns how many people read it on all nodes.
    public async Task<int> CountAsync(long postId)
    {
        var here = presence.PeopleOn(postId);
        var database = await redis.DatabaseAsync();
        var key = Key(postId);
        var now = clock.GetUtcNow();
        var write = here.Count == 0
            ? database.HashDeleteAsync(key, _node)
            : database.HashSetAsync(key, _node, Field(here, now + Lifetime));
        await write;
        await database.KeyExpireAsync(key, Lifetime);
        var fields = await database.HashGetAllAsync(key);
        var count = Count(fields, now);
        // Fields of nodes gone for good (each start is a new node), so a post open for weeks keeps a small hash.
        var stale = fields.Where(f => !IsValid(f, now, out _)).Select(f => f.Name).ToArray();
        if (stale.Length > 0)
        {
            await database.HashDeleteAsync(key, stale);
        }

        lock (_sent)
        {
            _sent[postId] = count;
        }

        return count;
    }

    /// Every Renewal: this node's fields are renewed, and a count that changed meanwhile (a node gone) is sent.
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renewal, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var postId in presence.Watched())
            {
                try
                {
                    int before;
                    lock (_sent)
                    {
                        before = _sent.GetValueOrDefault(postId, -1);
                    }

                    var count = await CountAsync(postId);
                    if (count != before)
                    {
                        await hub.Clients.Group(LiveGroups.Post(postId)).Presence(new PresenceUpdate(postId, count));
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    logger.LogWarning(ex, "Renewing who reads post {PostId} failed; trying again in {Seconds} s", postId, Renewal.TotalSeconds);
                    break;
                }
            }

            lock (_sent)
            {
                foreach (var gone in _sent.Keys.Except(presence.Watched()).ToList())
                {
                    _sent.Remove(gone);
                }
            }
        }
    }

    /// A node that stops takes its readers out at once (they reconnect to another node, which counts them again).
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            var database = await redis.DatabaseAsync();
            await Task.WhenAll(presence.Watched().Select(postId => database.HashDeleteAsync(Key(postId), _node)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogInformation("This node's readers stay counted for up to {Seconds} s: {Reason}", Lifetime.TotalSeconds, ex.Message);
        }
    }

    private static RedisKey Key(long postId) => SharedRedis.Key("presence:" + postId.ToString(CultureInfo.InvariantCulture));

    // "until-ms:id,id,…"
    private static string Field(IReadOnlyList<long> people, DateTimeOffset until) =>
        until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ":" + string.Join(',', people.Select(p => p.ToString(CultureInfo.InvariantCulture)));

    internal static int Count(HashEntry[] fields, DateTimeOffset now)
    {
        var people = new HashSet<long>();
        foreach (var field in fields)
        {
            if (!IsValid(field, now, out var list))
            {
                continue;
            }

            foreach (var id in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var person))
                {
                    people.Add(person);
                }
            }
        }

        return people.Count;
    }

    private static bool IsValid(HashEntry field, DateTimeOffset now, out string people)
    {
        var text = (string?)field.Value ?? "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        people = colon < 0 ? "" : text[(colon + 1)..];
        return colon >= 0 && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var until)
            && until >= now.ToUnixTimeMilliseconds();
    }
}
