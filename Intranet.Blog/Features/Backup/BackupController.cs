using System.Globalization;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Intranet.Blog.Features.Backup;

public sealed record BackupView(BackupRun? LastNightly, bool NightlyOn);

[Authorize(Policy = Roles.Admin)]
public sealed class BackupController(BackupService backups, BackupRunStore runs, Microsoft.Extensions.Options.IOptions<BackupOptions> settings, TimeProvider clock) : Controller
{
    /// The last nightly backup's outcome and the download button.
    [HttpGet("/admin/backup")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Backup", new BackupView(await runs.LastAsync(ct), settings.Value.Nightly));

    /// A POST (a button with the antiforgery token), never a link: a backup is heavy, and an image or a link in a
    /// post could otherwise start one in an admin's browser. The archive never holds the sign-in keys.
    [HttpPost("/admin/backup")]
    [DisableRateLimiting] // a file, streamed: outside the read gate (Limits.Reads)
    public async Task<IActionResult> Download(CancellationToken ct)
    {
        // A file, not memory: a database can be large. It deletes itself once the download is done.
        var temporary = Path.GetTempFileName();
        await backups.CreateFileAsync(temporary, includeKeys: false, ct);
        var archive = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var name = $"intranet-backup-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
        return File(archive, "application/zip", name);
    }
}
