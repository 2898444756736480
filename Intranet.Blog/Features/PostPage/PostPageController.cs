using System.Globalization;
using Intranet.Blog.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.PostPage;

/// The page of one post, with its reactions and the conversation below: it shows what Posts, Comments and
/// Reactions keep, so it sits above all three.
public sealed class PostPageController(PostPageQuery pages) : Controller
{
    /// replyTo opens the reply form under a comment for a browser without script; anything but a number is ignored.
    [HttpGet("/posts/{id:long}")]
    public async Task<IActionResult> Show(long id, string? replyTo, string? hl, CancellationToken ct) =>
        await pages.GetAsync(User.AsViewer(), id, long.TryParse(replyTo, CultureInfo.InvariantCulture, out var r) ? r : null, hl, ct) is { } page ? View(page) : NotFound();
}
