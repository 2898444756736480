using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Moderation;

/// Reporting (everyone), the reporter's own outcomes, the author's answer, and the admins' queue.
public sealed class ModerationController(ModerationService moderation) : Controller
{
    [HttpGet("/posts/{id:long}/report")]
    public Task<IActionResult> ReportPost(long id, CancellationToken ct) => ReportFormAsync(id, null, ct);

    [HttpGet("/comments/{id:long}/report")]
    public Task<IActionResult> ReportComment(long id, CancellationToken ct) => ReportFormAsync(null, id, ct);

    [HttpPost("/posts/{id:long}/report")]
    public Task<IActionResult> ReportPost(long id, ReportInput input, CancellationToken ct) => ReportAsync(id, null, input, ct);

    [HttpPost("/comments/{id:long}/report")]
    public Task<IActionResult> ReportComment(long id, ReportInput input, CancellationToken ct) => ReportAsync(null, id, input, ct);

    /// The reporter's own reports and what became of them.
    [HttpGet("/reports")]
    public async Task<IActionResult> Mine(bool sent, CancellationToken ct)
    {
        ViewData["Sent"] = sent;
        return View("~/Features/Moderation/Mine.cshtml", await moderation.MineAsync(User.Id(), ct));
    }

    [HttpPost("/moderation/{id:long}/answer")]
    public async Task<IActionResult> Answer(long id, string? answer, CancellationToken ct)
    {
        var result = await moderation.AnswerAsync(User.AsViewer(), id, answer, ct);
        if (result.Status == WriteStatus.Invalid && await moderation.ActiveAsync(id, ct) is { } active)
        {
            result.Errors!.CopyTo(ModelState);
            return View("~/Features/Moderation/Answer.cshtml", (active, answer)).WithStatus(400);
        }

        return Outcome(result, $"/posts/{result.Id}#moderation");
    }

    [Authorize(Policy = Roles.Admin)]
    [HttpGet("/admin/moderation")]
    public async Task<IActionResult> Queue(CancellationToken ct) => View("~/Features/Moderation/Queue.cshtml", await moderation.QueueAsync(ct));

    // The hide form sits on the post page and in the queue (_HideForm); a refused hide answers with it on a page of its own.
    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/posts/{id:long}/hide")]
    public Task<IActionResult> HidePost(long id, string? reason, CancellationToken ct) => HideAsync(id, null, reason, ct);

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/comments/{id:long}/hide")]
    public Task<IActionResult> HideComment(long id, string? reason, CancellationToken ct) => HideAsync(null, id, reason, ct);

    private async Task<IActionResult> HideAsync(long? postId, long? commentId, string? reason, CancellationToken ct)
    {
        var result = await moderation.HideAsync(User.AsViewer(), postId, commentId, reason, ct);
        if (result.Status == WriteStatus.Invalid && await moderation.TargetAsync(User.AsViewer(), postId, commentId, ct) is { } target)
        {
            result.Errors!.CopyTo(ModelState);
            return View("~/Features/Moderation/Hide.cshtml", new HideFormView(target, reason)).WithStatus(400);
        }

        return Outcome(result, "/admin/moderation");
    }

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/admin/moderation/dismiss")]
    public async Task<IActionResult> Dismiss(long? postId, long? commentId, CancellationToken ct) =>
        Outcome(await moderation.DismissAsync(User.AsViewer(), postId, commentId, ct), "/admin/moderation");

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/admin/moderation/{id:long}/restore")]
    public async Task<IActionResult> Restore(long id, CancellationToken ct) =>
        Outcome(await moderation.RestoreAsync(User.AsViewer(), id, ct), "/admin/moderation");

    private async Task<IActionResult> ReportFormAsync(long? postId, long? commentId, CancellationToken ct) =>
        await moderation.TargetAsync(User.AsViewer(), postId, commentId, ct) is { Hidden: false } target
            ? View("~/Features/Moderation/Report.cshtml", new ReportFormView(target, new ReportInput()))
            : NotFound();

    private async Task<IActionResult> ReportAsync(long? postId, long? commentId, ReportInput input, CancellationToken ct)
    {
        var result = await moderation.ReportAsync(User.AsViewer(), postId, commentId, input, ct);
        if (result.Status == WriteStatus.Invalid && await moderation.TargetAsync(User.AsViewer(), postId, commentId, ct) is { } target)
        {
            result.Errors!.CopyTo(ModelState);
            return View("~/Features/Moderation/Report.cshtml", new ReportFormView(target, input)).WithStatus(400);
        }

        return Outcome(result, "/reports?sent=true");
    }

    private IActionResult Outcome(WriteResult result, string next) => result.Status switch
    {
        WriteStatus.Ok => Redirect(next),
        WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => NotFound(),
    };
}
