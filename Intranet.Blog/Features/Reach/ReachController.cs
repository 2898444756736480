using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Reach;

/// A post's reach, for its author and admins only (aggregates, like the opened count on the card).
[Route("posts/{id:long}/reach")]
public sealed class ReachController(PostService posts, ReachQuery reach) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(long id, CancellationToken ct)
    {
        if (await posts.GetAsync(id, withSource: false, ct) is not { } post || !post.IsVisibleTo(User.AsViewer()))
        {
            return NotFound();
        }

        if (post.AuthorId != User.Id() && !User.IsAdmin())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        return View("Funnel", await reach.GetAsync(post, ct));
    }
}
