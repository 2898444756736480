using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Topics;

public sealed class TopicsController(TopicQuery topics) : Controller
{
    /// Case-insensitive: /topics/Betriebsrat and /topics/betriebsrat are the same page.
    [HttpGet("/topics/{key}")]
    public async Task<IActionResult> Show(string key, long? before, CancellationToken ct) =>
        await topics.PageAsync(User.AsViewer(), key, before, ct) is { } page ? View(page) : NotFound();
}
