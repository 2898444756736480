using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Guidelines;

/// The banner above every page while the signed-in person has not accepted the current guidelines: a version published
/// while they are signed in reaches them at their next page, not only at their next sign-in. The guidelines page itself
/// needs no banner. The model is the link, back to the page the person is on.
public sealed class GuidelinesBannerViewComponent(GuidelineStore store) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string path) =>
        path.StartsWith("/guidelines", StringComparison.Ordinal) || !await store.PendingAsync(UserClaimsPrincipal.Id(), HttpContext.RequestAborted)
            ? Content("")
            : View("~/Features/Guidelines/_Banner.cshtml", "/guidelines?returnUrl=" + Uri.EscapeDataString(path));
}
