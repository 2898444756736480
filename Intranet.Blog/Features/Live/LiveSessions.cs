using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Open hub connections by person and by language. The cookie is only checked when a connection opens, so when a
/// person is deactivated or their role changes, their open connections are closed here; the browser then
/// reconnects (and is refused, or re-authorised with the new role).
public sealed class LiveSessions
{
    private readonly ConcurrentDictionary<string, (long UserId, string Culture, HubCallerContext Context)> _connections = new();
    private readonly ConcurrentDictionary<string, int> _readers = new();

    /// Called once the connection is in its groups: a push that finds no reader before this is caught up by the
    /// client, which asks for missed events only after its connection has opened.
    public void Add(long userId, string culture, HubCallerContext context)
    {
        _connections[context.ConnectionId] = (userId, culture, context);
        _readers.AddOrUpdate(culture, 1, (_, n) => n + 1);
    }

    public void Remove(string connectionId)
    {
        if (_connections.TryRemove(connectionId, out var gone))
        {
            _readers.AddOrUpdate(gone.Culture, 0, (_, n) => n - 1);
        }
    }

    /// Whether any screen is open in this language: the live pipeline renders cards only for languages someone reads.
    public bool HasReaders(string culture) => _readers.TryGetValue(culture, out var n) && n > 0;

    /// This node's own connections, all or those reading in one language (with several nodes, the hub's groups are
    /// every node's). A send to one connection stays on its node, also through the Redis backplane.
    public IReadOnlyList<string> ConnectionIds(string? culture = null) =>
        [.. _connections.Where(c => culture is null || c.Value.Culture == culture).Select(c => c.Key)];

    /// Closes every connection of this node; the pages reconnect (the cookie is checked again) and catch up.
    public int EndAll()
    {
        // Counted as they go: an abort may take the connection out of the list before the loop ends.
        var ended = 0;
        foreach (var (_, (_, _, context)) in _connections)
        {
            context.Abort();
            ended++;
        }

        return ended;
    }

    public int End(long userId)
    {
        var ended = 0;
        foreach (var (_, (owner, _, context)) in _connections)
        {
            if (owner == userId)
            {
                context.Abort();
                ended++;
            }
        }

        return ended;
    }
}
