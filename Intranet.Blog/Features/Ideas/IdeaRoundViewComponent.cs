using Intranet.Blog.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Ideas;

/// The round on its post's page. A component, so the post page needs one line and PostPage does not depend on Ideas.
public sealed class IdeaRoundViewComponent(IdeaService ideas) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long postId) =>
        await ideas.ViewAsync(UserClaimsPrincipal.AsViewer(), postId, HttpContext.RequestAborted) is { } round
            ? View("~/Features/Ideas/_Round.cshtml", round)
            : Content("");
}
