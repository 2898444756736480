using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Open hub connections by person. The cookie is only checked when a connection opens, so when a person is
/// deactivated or their role changes, their open connections are closed here; the browser then reconnects
/// (and is refused, or re-authorised with the new role).
public sealed class LiveSessions
{
    private readonly ConcurrentDictionary<string, (long UserId, HubCallerContext Context)> _connections = new();

    public void Add(long userId, HubCallerContext context) => _connections[context.ConnectionId] = (userId, context);

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    public int End(long userId)
    {
        var ended = 0;
        foreach (var (_, (owner, context)) in _connections)
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
