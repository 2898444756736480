using System.Collections.Concurrent;

namespace Intranet.Blog.Features.Live;

/// Who has which post open, counted in people (one person with two tabs counts once). In memory: presence
/// is about this moment and needs no history.
public sealed class Presence
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Dictionary<string, long>> _byPost = [];
    private readonly Dictionary<string, HashSet<long>> _byConnection = [];
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTyping = new();

    public int Join(string connectionId, long userId, long postId)
    {
        lock (_gate)
        {
            if (!_byPost.TryGetValue(postId, out var watchers))
            {
                _byPost[postId] = watchers = [];
            }

            watchers[connectionId] = userId;
            if (!_byConnection.TryGetValue(connectionId, out var watched))
            {
                _byConnection[connectionId] = watched = [];
            }

            watched.Add(postId);
            return People(watchers);
        }
    }

    public int? Leave(string connectionId, long postId)
    {
        lock (_gate)
        {
            if (!_byPost.TryGetValue(postId, out var watchers) || !watchers.Remove(connectionId))
            {
                return null;
            }

            _byConnection.GetValueOrDefault(connectionId)?.Remove(postId);
            if (watchers.Count == 0)
            {
                _byPost.Remove(postId);
            }

            return People(watchers);
        }
    }

    public IReadOnlyList<(long PostId, int Count)> LeaveAll(string connectionId)
    {
        _lastTyping.TryRemove(connectionId, out _);
        List<long> posts;
        lock (_gate)
        {
            posts = _byConnection.Remove(connectionId, out var watched) ? [.. watched] : [];
        }

        return posts.Select(p => (p, Leave(connectionId, p) ?? 0)).ToList();
    }

    /// The people with the post open through this node.
    public IReadOnlyList<long> PeopleOn(long postId)
    {
        lock (_gate)
        {
            return _byPost.TryGetValue(postId, out var watchers) ? [.. watchers.Values.Distinct()] : [];
        }
    }

    /// The posts someone has open through this node.
    public IReadOnlyList<long> Watched()
    {
        lock (_gate)
        {
            return [.. _byPost.Keys];
        }
    }

    public bool IsWatching(string connectionId, long postId)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connectionId, out var watched) && watched.Contains(postId);
        }
    }

    public bool TryTyping(string connectionId, DateTimeOffset now, TimeSpan interval)
    {
        var last = _lastTyping.GetValueOrDefault(connectionId);
        if (now - last < interval)
        {
            return false;
        }

        _lastTyping[connectionId] = now;
        return true;
    }

    private static int People(Dictionary<string, long> watchers) => watchers.Values.Distinct().Count();
}
