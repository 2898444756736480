using Intranet.Blog.DemoData;
using Intranet.Blog.Features.Links;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.People;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure;

/// Decides what a start does with an empty database. Only the very first start of a data directory that has never
/// held anything may seed the demo: a deleted or zero-byte database in a directory with keys, backups, uploads or the
/// marker written on that first start is a lost company database, and replacing it with the demo would hide that.
/// Outside Development nothing with a known password is created unless Intranet:SeedDemo says so; instead, while
/// nobody exists, each start prints a one-time link to create the first admin.
public sealed class FirstStart(IOptions<IntranetOptions> options, IOptions<Features.Backup.BackupOptions> backup, IWebHostEnvironment environment, DemoSeeder demo, PeopleStore people, PeopleAdminStore admin,
    OneTimeLinks links, Migrator migrator, Database db, TimeProvider clock, ILogger<FirstStart> logger)
{
    public const string MarkerFile = "installed";
    public static readonly TimeSpan FirstAdminLinkLifetime = TimeSpan.FromDays(7);
    private static readonly string[] Traces = ["keys", "backups", "uploads"];

    private bool _fresh;

    /// The demo organisation is in the database (seeded now or on an earlier start): its passwords are public.
    public bool HasDemo { get; private set; }

    /// The link to create the first admin, issued at this start; shown once, in the start-up banner.
    public string? FirstAdminToken { get; private set; }

    public bool SeedDemo => options.Value.SeedDemo ?? environment.IsDevelopment();

    /// Before the migrations: refuses a missing or empty database in a directory that held one.
    public void CheckDataDirectory()
    {
        var data = options.Value.DataPath;
        if (options.Value.OnPostgres)
        {
            // The database is the server's: whether it is new shows when the migrations run (Migrator.CreatedSchema).
            Directory.CreateDirectory(data);
            CheckSharedUploads(options.Value);
            return;
        }

        var database = new FileInfo(options.Value.DatabasePath);
        var traces = Traces.Where(t => Directory.Exists(Path.Combine(data, t)) && Directory.EnumerateFileSystemEntries(Path.Combine(data, t)).Any())
            .Prepend(File.Exists(Path.Combine(data, MarkerFile)) ? MarkerFile : null).OfType<string>().ToList();
        var databaseLost = !database.Exists || database.Length == 0;
        if (databaseLost && traces.Count > 0)
        {
            throw new StartRefusedException(
                $"The database {database.FullName} is {(database.Exists ? "empty (0 bytes)" : "missing")}, but {data} has held an installation before ({string.Join(", ", traces)}): restore the last backup with `restore <file>` (nightly ones are in {backup.Value.FolderFor(options.Value)}), or start with an empty Intranet:DataDirectory to begin anew.");
        }

        _fresh = databaseLost;
        Directory.CreateDirectory(data);
    }

    /// Intranet:UploadsDirectory, which several nodes share, must be there and writable. A node never makes it: a share
    /// that failed to mount would be replaced by a folder of this node's own, whose uploads the others answer 404 for.
    public static void CheckSharedUploads(IntranetOptions settings)
    {
        if (!settings.SharedUploads)
        {
            return;
        }

        var uploads = settings.UploadsPath;
        if (!Directory.Exists(uploads))
        {
            throw new StartRefusedException(
                $"The uploads folder {uploads} (Intranet:UploadsDirectory) does not exist. The nodes share it, so the app does not make it: mount the shared folder there, or create it on the share before the first start.");
        }

        var probe = Path.Combine(uploads, $".write-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartRefusedException($"The app cannot write to the uploads folder {uploads} (Intranet:UploadsDirectory): {ex.Message} Give the app's user write access to it.");
        }
    }

    /// After the migrations: the demo on the first start of a fresh directory when asked for, otherwise a link to
    /// create the first admin while nobody exists. Then the directory is marked as used: only a start that got this
    /// far has made a database worth protecting (a first start that failed before, say on a mistyped
    /// Intranet:DatabaseFile, would otherwise leave a directory that refuses every start and asks for a backup that
    /// never existed).
    public async Task SeedOrInviteAsync(CancellationToken ct = default)
    {
        if (await people.CountAsync(ct) > 0)
        {
            HasDemo = await admin.FindIdByEmailAsync(DemoSeeder.AdminEmail, ct) is not null;
        }
        else if ((options.Value.OnPostgres ? migrator.CreatedSchema : _fresh) && SeedDemo)
        {
            await demo.SeedAsync(DemoScale.Demo, null, ct);
            await db.RefreshStatisticsAsync(ct);
            HasDemo = true;
            logger.LogInformation("Seeded the demo organisation");
        }
        else
        {
            FirstAdminToken = await links.IssueAsync(LinkPurposes.FirstAdmin, null, clock.GetUtcNow() + FirstAdminLinkLifetime, ct);
        }

        var marker = Path.Combine(options.Value.DataPath, MarkerFile);
        if (!File.Exists(marker))
        {
            await File.WriteAllTextAsync(marker, $"Intranet.Blog data directory, first started {clock.GetUtcNow():O}. Its database is never replaced by demo data.\n", ct);
        }
    }
}
