using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Guidelines;

/// Everyone reads and accepts the current guidelines here; admins publish versions and see how many accepted each.
public sealed class GuidelinesController(GuidelineService guidelines) : Controller
{
    [HttpGet("/guidelines")]
    public async Task<IActionResult> Show(string? returnUrl, CancellationToken ct) =>
        View("~/Features/Guidelines/Show.cshtml", await guidelines.PageAsync(User.Id(), Url.IsLocalUrl(returnUrl) ? returnUrl : null, ct));

    [HttpPost("/guidelines/accept")]
    public async Task<IActionResult> Accept(long version, string? returnUrl, CancellationToken ct)
    {
        if (!await guidelines.AcceptAsync(User.Id(), version, ct))
        {
            // A newer version was published while the page was open: show it.
            return Redirect("/guidelines" + (Url.IsLocalUrl(returnUrl) ? "?returnUrl=" + Uri.EscapeDataString(returnUrl!) : ""));
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    [Authorize(Policy = Roles.Admin)]
    [HttpGet("/admin/guidelines")]
    public async Task<IActionResult> Admin(CancellationToken ct) =>
        View("~/Features/Guidelines/Admin.cshtml", await guidelines.AdminAsync(null, ct));

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/admin/guidelines")]
    public async Task<IActionResult> Publish(string? body, CancellationToken ct)
    {
        var result = await guidelines.PublishAsync(User.AsViewer(), body, ct);
        if (result.Status == WriteStatus.Invalid)
        {
            result.Errors!.CopyTo(ModelState);
            return View("~/Features/Guidelines/Admin.cshtml", await guidelines.AdminAsync(body ?? "", ct)).WithStatus(400);
        }

        return result.Status == WriteStatus.Ok ? Redirect("/admin/guidelines?published=true") : StatusCode(StatusCodes.Status403Forbidden);
    }
}
