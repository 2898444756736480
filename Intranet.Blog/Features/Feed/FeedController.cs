using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Feed;

public sealed record FeedView(FeedPage Page, FeedFilter Filter, IReadOnlyList<Department> Departments, Person? Author, DateTimeOffset? LastVisit, IReadOnlyList<TrendingTopic>? Trending = null);

public sealed class FeedController(FeedQuery feed, DepartmentStore departments, UserStore users, TopicQuery topics) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(long? before, long? department, long? author, string? kind, bool following, CancellationToken ct)
    {
        var filter = new FeedFilter(department, author, PostKinds.IsKnown(kind) ? kind : null, FollowerId: following ? User.Id() : null);
        var page = await feed.PageAsync(User.AsViewer(), filter, before, ct);
        var person = author is { } id ? await users.GetAsync(id, ct) : null;
        var lastVisit = before is null ? await users.FeedVisitAsync(User.Id(), ct) : null;
        return View(new FeedView(page, filter, await departments.ListAsync(ct), person, lastVisit, await topics.TrendingAsync(ct)));
    }

    /// "Load more": the next cards as a fragment of the same partial, for the script; without script the link loads the page.
    [HttpGet("/feed/more")]
    public async Task<IActionResult> More(long before, long? department, long? author, string? kind, string? topic, bool following, CancellationToken ct)
    {
        var filter = new FeedFilter(department, author, PostKinds.IsKnown(kind) ? kind : null,
            Topic: topic is null ? null : Handles.TopicKey(topic), FollowerId: following ? User.Id() : null);
        return PartialView("_FeedRows", new FeedView(await feed.PageAsync(User.AsViewer(), filter, before, ct), filter, [], null, null));
    }
}
