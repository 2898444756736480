using System.Globalization;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Intranet.Blog.Features.Backup;

/// Check: null before a check ran on this page, "" when the full check found nothing, otherwise the damage found.
/// SearchRebuilt: the check found the search index apart from the rows and built it again.
public sealed record BackupView(BackupRun? LastNightly, bool NightlyOn, StorageFigures Storage, string? Check = null, bool SearchRebuilt = false);

[Authorize(Policy = Roles.Admin)]
public sealed class BackupController(
    BackupService backups, BackupRunStore runs, IntegrityCheck integrity, SearchIndexBuild search, StorageWatch storage, ReadOnlyMode readOnly,
    Microsoft.Extensions.Options.IOptions<BackupOptions> settings, TimeProvider clock) : Controller
{
    /// The last nightly backup's outcome, the storage figures, the download button and the full check.
    [HttpGet("/admin/backup")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Backup", await ViewAsync(null, ct));

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

    /// The full integrity_check on demand (the `check` command does the same from the command line). It reads the
    /// whole file, so a POST like the download. Damage found stops writing, as the check after start does: every
    /// write into a damaged file risks more of it.
    [HttpPost("/admin/backup/check")]
    public async Task<IActionResult> Check(CancellationToken ct)
    {
        var damage = await integrity.FullCheckAsync(ct);
        if (damage is not null)
        {
            readOnly.Enter(StorageFault.Damaged, damage);
            return View("Backup", await ViewAsync(damage, ct));
        }

        // Only a sound file: a rebuild writes, and into a damaged one it would spread the damage.
        return View("Backup", await ViewAsync("", ct) with { SearchRebuilt = await search.RepairAsync(ct) });
    }

    private async Task<BackupView> ViewAsync(string? check, CancellationToken ct) =>
        new(await runs.LastAsync(ct), settings.Value.Nightly, storage.Figures(), check);
}
