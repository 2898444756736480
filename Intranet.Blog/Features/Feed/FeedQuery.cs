using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Feed;

/// A feed page is a fixed number of queries whatever its length: the posts, their reaction counts,
/// the viewer's own reactions, and which of the cards the viewer has already seen.
public sealed class FeedQuery(
    Database db, PostStore posts, ReactionStore reactions, EventStore events, ReachRecorder reach, PeopleStore people,
    DepartmentStore departments, TopicStore topics, FollowStore follows, FeedVisitStore visits, PinsQuery pinsQuery, IStringLocalizer<SharedResource> t,
    AnnouncementService announcements, PollService polls, FeedCache cache)
{
    public async Task<FeedView> IndexAsync(Viewer viewer, FeedFilter filter, long? before, CancellationToken ct)
    {
        var lastVisit = before is null ? await visits.FeedVisitAsync(viewer.Id, ct) : null;
        var pinned = filter == new FeedFilter() ? await cache.Announcements.GetAsync(viewer.Id, c => AnnouncementsAsync(viewer, c), ct) : [];
        var rows = await RowsAsync(viewer, filter, before, lastVisit, ct);
        // A pinned announcement is not shown a second time in the stream below it (the cards differ from the reading's).
        var unpinned = rows.Cards.Where(c => pinned.All(p => p.Post.Id != c.Post.Id)).ToList();
        // The divider counted the cards above it before they left: it moves up by those that did, and goes when none stays.
        var dividerAt = rows.DividerAt is { } at ? at - rows.Cards.Take(at).Count(c => pinned.Any(p => p.Post.Id == c.Post.Id)) : 0;
        rows = rows with { Cards = unpinned, DividerAt = dividerAt > 0 ? dividerAt : null, Stamp = unpinned.Count == rows.Cards.Count ? rows.Stamp : null };
        var author = filter.AuthorId is { } id ? await people.CardAsync(id, ct) : null;
        var all = await departments.ListAsync(ct);
        var heading = author is not null ? t["Posts by {0}", author.DisplayName]
            : filter.DepartmentId is { } d ? t["Posts in {0}", all.FirstOrDefault(x => x.Id == d)?.Name ?? "?"]
            : filter.FollowerId is not null ? t["Following (feed)"]
            : filter.Kind == PostKinds.Article ? t["Articles"]
            : filter.Kind == PostKinds.Micro ? t["Microposts"]
            : filter.Questions ? t["Questions"]
            : t["Company feed"];
        var pins = filter == new FeedFilter() ? await pinsQuery.ViewAsync(viewer, null, ct) : null;
        return new FeedView(rows, filter, heading, author, all, await topics.TrendingAsync(ct), pins)
        {
            Announcements = pinned,
            MyDepartmentId = (await people.CardAsync(viewer.Id, ct))?.DepartmentId,
        };
    }

    /// The announcements still waiting for the viewer, newest first.
    private async Task<IReadOnlyList<PostCardView>> AnnouncementsAsync(Viewer viewer, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var ids = await announcements.PendingAsync(connection, viewer.Id, ct);
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await posts.ByIdsAsync(connection, ids, ct);
        var counts = await reactions.PostCountsAsync(connection, ids, ct);
        var mine = await reactions.ViewerPostKindsAsync(connection, ids, viewer.Id, ct);
        var tags = await announcements.TagsAsync(connection, ids, ct);
        var pollViews = await polls.ViewsAsync(connection, ids, viewer.Id, ct);
        return rows.Select(p => new PostCardView(p, ReactionBar.From(p.Id, null, counts, mine), viewer) { Announcement = tags.FirstOrDefault(a => a.PostId == p.Id), Poll = pollViews.GetValueOrDefault(p.Id) }).ToList();
    }

    /// Null for a topic nobody has used; key may be typed in any case.
    public async Task<TopicView?> TopicAsync(Viewer viewer, string key, long? before, CancellationToken ct)
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

        var following = (await follows.FollowedAsync(viewer.Id, FollowKinds.Topic, ct)).Contains(topic.Id);
        var rows = await RowsAsync(viewer, new FeedFilter(Topic: topic.Key), before, null, ct);
        return new TopicView(topic, rows, new FollowButtonView(FollowKinds.Topic, topic.Id, following, TopicUrls.Of(topic.Key)));
    }

    /// One page of cards; lastVisit places the "new since your last visit" divider.
    public async Task<FeedRows> RowsAsync(Viewer viewer, FeedFilter filter, long? before, DateTimeOffset? lastVisit, CancellationToken ct)
    {
        var page = await PageAsync(viewer, filter, before, ct);
        // The divider goes above the first card the person could have seen before, if anything newer is above it.
        var dividerAt = lastVisit is { } visit ? page.Cards.ToList().FindIndex(c => c.Post.CreatedAt <= visit) : -1;
        var next = page.NextBefore is { } n ? FeedUrls.Next(filter, n) : default;
        return new FeedRows(page.Cards, page.LastEventId, dividerAt > 0 ? dividerAt : null, next.Page, next.More) { Stamp = page.Stamp };
    }

    public async Task<FeedPage> PageAsync(Viewer viewer, FeedFilter filter, long? before, CancellationToken ct)
    {
        // A list of departments in the filter compares by reference: such a page is read afresh.
        var kept = filter.DepartmentIds is null;
        var reads = kept
            ? await cache.Pages.GetAsync((viewer.Id, filter, before), c => ReadPageAsync(viewer, filter, before, c), ct)
            : await ReadPageAsync(viewer, filter, before, ct);
        var (rows, counts, mine, tags, pollViews, lastEventId) = reads;
        var page = rows.Take(PostLimits.PageSize).ToList();
        // Every card shown has been seen; opening the post is counted on its page.
        await reach.SeenAsync(viewer.Id, page, ct);
        var cards = page.Select(p => new PostCardView(p, ReactionBar.From(p.Id, null, counts, mine), viewer) { Announcement = tags.FirstOrDefault(a => a.PostId == p.Id), Poll = pollViews.GetValueOrDefault(p.Id) }).ToList();
        return new FeedPage(cards, rows.Count > PostLimits.PageSize ? page[^1].Id : null, lastEventId, kept ? reads.Stamp : null);
    }

    private async Task<FeedReads> ReadPageAsync(Viewer viewer, FeedFilter filter, long? before, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var lastEventId = await events.LastIdAsync(connection, ct);
        var rows = await posts.PageAsync(connection, filter, before ?? long.MaxValue, PostLimits.PageSize + 1, ct);
        var ids = rows.Take(PostLimits.PageSize).Select(p => p.Id).ToList();
        var counts = ids.Count == 0 ? [] : await reactions.PostCountsAsync(connection, ids, ct);
        var mine = ids.Count == 0 ? [] : await reactions.ViewerPostKindsAsync(connection, ids, viewer.Id, ct);
        var tags = await announcements.TagsAsync(connection, ids, ct);
        var pollViews = await polls.ViewsAsync(connection, ids, viewer.Id, ct);
        return new FeedReads(rows, counts, mine, tags, pollViews, lastEventId);
    }
}

/// What one feed page reads from the database, for FeedCache.
public sealed record FeedReads(IReadOnlyList<PostRow> Rows, IReadOnlyList<ReactionCount> Counts, IReadOnlyList<ReactionCount> Mine,
    IReadOnlyList<AnnouncementTag> Tags, IReadOnlyDictionary<long, PollView> PollViews, long LastEventId)
{
    /// The page's cards are kept under it (FeedPage.Stamp).
    public long Stamp { get; } = ReadStamp.Next();
}

/// A feed page's reads, kept until the next write (VersionedCache): many people read the same page between two posts,
/// and reload it. For a minute at most, as a poll closes and an announcement stops waiting at their times without a write.
/// A page is tens of kilobytes and its key is what a request names (?before=, a topic): a thousand pages at most.
public sealed class FeedCache(Database db, TimeProvider clock)
{
    public VersionedCache<(long Viewer, FeedFilter Filter, long? Before), FeedReads> Pages { get; } = new(db, clock, TimeSpan.FromMinutes(1), capacity: 1_000);

    public VersionedCache<long, IReadOnlyList<PostCardView>> Announcements { get; } = new(db, clock, TimeSpan.FromMinutes(1));
}
