using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Feed;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Topics;

public sealed record TopicView(Topic Topic, FeedView Feed, bool Following);

/// The topic page is the feed filtered by one topic, with the feed's cards and "load more".
public sealed class TopicQuery(SqliteConnectionFactory db, TopicStore topics, FeedQuery feed, FollowStore follows)
{
    public static readonly TimeSpan TrendingWindow = TimeSpan.FromDays(7);
    public const int TrendingCount = 8;

    /// Null for a topic nobody has used; key may be typed in any case.
    public async Task<TopicView?> PageAsync(Viewer viewer, string key, long? before, CancellationToken ct)
    {
        Topic? topic;
        await using (var connection = await db.OpenAsync(ct))
        {
            topic = await topics.GetAsync(connection, key, ct);
        }

        if (topic is null)
        {
            return null;
        }

        var filter = new FeedFilter(Topic: topic.Key);
        var following = (await follows.FollowedAsync(viewer.Id, FollowKinds.Topic, ct)).Contains(topic.Id);
        return new TopicView(topic, new FeedView(await feed.PageAsync(viewer, filter, before, ct), filter, [], null, null), following);
    }

    public Task<IReadOnlyList<TrendingTopic>> TrendingAsync(CancellationToken ct) => topics.TrendingAsync(TrendingWindow, TrendingCount, ct);
}
