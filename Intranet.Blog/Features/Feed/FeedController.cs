using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Markdown;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Feed;

public sealed class FeedController(FeedQuery feed) : Controller
{
    [HttpGet("/")]
    public async Task<IActionResult> Index(long? before, long? department, long? author, string? kind, bool following, bool questions, CancellationToken ct) =>
        View(await feed.IndexAsync(User.AsViewer(), Filter(department, author, kind, null, following) with { Questions = questions }, before, ct));

    /// The feed of one topic. Case-insensitive: /topics/Betriebsrat and /topics/betriebsrat are the same page.
    [HttpGet("/topics/{key}")]
    public async Task<IActionResult> Topic(string key, long? before, CancellationToken ct) =>
        await feed.TopicAsync(User.AsViewer(), key, before, ct) is { } page ? View(page) : NotFound();

    /// "Load more": the next cards as a fragment of the same partial, for the script; without script the link loads the page.
    [HttpGet("/feed/more")]
    public async Task<IActionResult> More(long before, long? department, long? author, string? kind, string? topic, bool following, bool questions, CancellationToken ct) =>
        PartialView("_FeedRows", await feed.RowsAsync(User.AsViewer(), Filter(department, author, kind, topic, following) with { Questions = questions }, before, null, ct));

    private FeedFilter Filter(long? department, long? author, string? kind, string? topic, bool following) =>
        new(department, author, PostKinds.IsKnown(kind) ? kind : null, topic is null ? null : Handles.TopicKey(topic), following ? User.Id() : null);
}
