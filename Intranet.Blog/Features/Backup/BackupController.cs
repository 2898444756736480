using System.Globalization;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Intranet.Blog.Features.Backup;

[Authorize(Policy = Roles.Admin)]
public sealed class BackupController(BackupService backups, TimeProvider clock) : Controller
{
    /// The same archive as the command line's, streamed to the admin's browser.
    [HttpGet("/admin/backup")]
    [DisableRateLimiting] // a file, streamed: outside the read gate (Limits.Reads)
    public async Task<IActionResult> Download(CancellationToken ct)
    {
        // A file, not memory: a database can be large. It deletes itself once the download is done.
        var temporary = Path.GetTempFileName();
        await backups.CreateFileAsync(temporary, ct);
        var archive = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var name = $"intranet-backup-{clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
        return File(archive, "application/zip", name);
    }
}
