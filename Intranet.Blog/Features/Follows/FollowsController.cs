using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Follows;

public sealed record FollowInput(string? Kind, long Id, bool Follow, string? ReturnUrl);

/// The button's state: what it follows, whether the viewer follows it, and where a script-free submit returns to.
public sealed record FollowButtonView(string Kind, long Id, bool Following, string ReturnUrl);

public sealed class FollowsController(FollowService follows) : Controller
{
    [HttpPost("/follows")]
    public async Task<IActionResult> Set(FollowInput input, CancellationToken ct)
    {
        if (!FollowKinds.IsKnown(input.Kind))
        {
            return BadRequest();
        }

        if (await follows.SetAsync(User.Id(), input.Kind!, input.Id, input.Follow, ct) is not { } following)
        {
            return NotFound();
        }

        return Request.WantsJson()
            ? Json(new { following })
            : LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : "/");
    }
}
