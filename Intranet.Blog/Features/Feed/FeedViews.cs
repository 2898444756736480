using System.Globalization;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Topics;

namespace Intranet.Blog.Features.Feed;

/// Stamp: the kept reading (ReadStamp) the cards were made from, if they were.
public sealed record FeedPage(IReadOnlyList<PostCardView> Cards, long? NextBefore, long LastEventId, long? Stamp = null);

/// The cards of one page and what the rows partial shows around them: the "new since your last visit" divider above
/// card DividerAt, and the next page's address without script (NextPageUrl) and as rows for the script (MoreUrl).
public sealed record FeedRows(IReadOnlyList<PostCardView> Cards, long LastEventId, int? DividerAt, string? NextPageUrl, string? MoreUrl)
{
    /// Set when the cards are exactly a kept reading's: then the rows' markup is kept under it with the divider
    /// (_FeedRows.cshtml), and a reload writes one kept string instead of twenty cards' keys and lookups.
    public long? Stamp { get; init; }
}

public enum FeedTab { All, Following, Articles, Microposts, Questions, Other }

/// The company feed or one of its filtered views. LiveFeed tells live.js which new posts belong here.
/// Announcements: those addressed to the viewer that they have not opened (or, must-reads, acknowledged) yet, shown
/// above everything else on the company feed; MyDepartmentId lets live.js pin one that arrives live for them.
/// Pins: the company feed's pinned posts, on the unfiltered feed only.
public sealed record FeedView(
    FeedRows Rows, FeedFilter Filter, string Heading, PersonCard? Author, IReadOnlyList<Department> Departments, IReadOnlyList<TrendingTopic> Trending,
    PinsView? Pins = null)
{
    public IReadOnlyList<PostCardView> Announcements { get; init; } = [];

    public long? MyDepartmentId { get; init; }

    /// The chip that is current; in a department's feed the chips filter within the department.
    public FeedTab Tab => Filter switch
    {
        { FollowerId: not null } => FeedTab.Following,
        _ when Filter == new FeedFilter(DepartmentId: Filter.DepartmentId) => FeedTab.All,
        _ when Filter == new FeedFilter(DepartmentId: Filter.DepartmentId, Kind: PostKinds.Article) => FeedTab.Articles,
        _ when Filter == new FeedFilter(DepartmentId: Filter.DepartmentId, Kind: PostKinds.Micro) => FeedTab.Microposts,
        _ when Filter == new FeedFilter(DepartmentId: Filter.DepartmentId, Questions: true) => FeedTab.Questions,
        _ => FeedTab.Other,
    };

    public string LiveFeed => Filter == new FeedFilter() ? "all" : Tab == FeedTab.Following ? "following" : "filtered";
}

/// The feed of one topic.
public sealed record TopicView(Topic Topic, FeedRows Rows, FollowButtonView Follow);

/// The feed's addresses, made in one place from a filter.
public static class FeedUrls
{
    /// A chip's address: all posts, articles or microposts, within the department the reader is in.
    public static string Tab(long? departmentId, string? kind)
    {
        var query = string.Join("&", new[]
        {
            departmentId is { } d ? string.Create(CultureInfo.InvariantCulture, $"department={d}") : null,
            kind is null ? null : $"kind={kind}",
        }.OfType<string>());
        return query.Length == 0 ? "/" : "/?" + query;
    }

    /// The "Questions" chip, within the department the reader is in.
    public static string Questions(long? departmentId) =>
        departmentId is { } d ? string.Create(CultureInfo.InvariantCulture, $"/?department={d}&questions=true") : "/?questions=true";

    public static (string Page, string More) Next(FeedFilter filter, long before)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"before={before}")
            + (filter.DepartmentId is { } d ? string.Create(CultureInfo.InvariantCulture, $"&department={d}") : "")
            + (filter.AuthorId is { } a ? string.Create(CultureInfo.InvariantCulture, $"&author={a}") : "")
            + (filter.Kind is { } k ? $"&kind={k}" : "")
            + (filter.FollowerId is not null ? "&following=true" : "")
            + (filter.Questions ? "&questions=true" : "");
        return filter.Topic is { } topic
            ? ($"{TopicUrls.Of(topic)}?{query}", $"/feed/more?{query}&topic={Uri.EscapeDataString(topic)}")
            : ($"/?{query}", $"/feed/more?{query}");
    }
}
