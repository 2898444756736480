using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.CompanyDirectory;

/// Outcome is the last preview or apply on this page (null on a plain visit); Applied says a sync just went through.
public sealed record DirectorySyncView(LdapOptions Settings, IReadOnlyList<DirectorySyncRecord> Syncs, SyncOutcome? Outcome = null, bool Applied = false);

/// The admin's view of the directory sync: the settings in use (never the password), the latest runs, a preview of
/// what a sync would change now, and applying exactly that preview.
[Authorize(Policy = Roles.Admin)]
[Route("admin/directory")]
public sealed class CompanyDirectoryController(DirectorySync sync, DirectoryStore store, IOptions<LdapOptions> options) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(bool applied, CancellationToken ct) => View("Directory", await ViewAsync(null, ct) with { Applied = applied });

    [HttpPost("preview")]
    public async Task<IActionResult> Preview(CancellationToken ct)
    {
        var outcome = await sync.PreviewAsync(ct);
        return View("Directory", await ViewAsync(outcome, ct)).WithStatus(Status(outcome));
    }

    /// fingerprint is the preview's: if people or the directory changed since, the new preview is shown instead.
    [HttpPost("apply")]
    public async Task<IActionResult> Apply([FromForm] string? fingerprint, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(fingerprint) || fingerprint.Length > 64)
        {
            return BadRequest();
        }

        var outcome = await sync.ApplyAsync(User.Id(), fingerprint, ct);
        return outcome.Status is SyncStatus.Applied or SyncStatus.Unchanged
            ? Redirect("/admin/directory?applied=true")
            : View("Directory", await ViewAsync(outcome, ct)).WithStatus(Status(outcome));
    }

    /// A directory that cannot be read is the server's trouble (502); problems in it refuse the request (422); a
    /// preview that went stale is a conflict (409).
    private static int Status(SyncOutcome outcome) => outcome.Status switch
    {
        SyncStatus.Failed => StatusCodes.Status502BadGateway,
        SyncStatus.Invalid => StatusCodes.Status422UnprocessableEntity,
        SyncStatus.Stale => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status200OK,
    };

    private async Task<DirectorySyncView> ViewAsync(SyncOutcome? outcome, CancellationToken ct) =>
        new(options.Value, await store.LatestAsync(20, ct), outcome);
}
