using System.IO.Compression;
using System.Text.RegularExpressions;
using Dapper;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// What a restore did: Problem says why nothing was changed, or with DatabaseRestored what is left to do by hand;
/// otherwise KeysRestored says whether sign-ins survive and PreviousKeptIn where the replaced files are.
public sealed record RestoreResult(string? Problem, bool KeysRestored = false, bool DatabaseRestored = false, string? PreviousKeptIn = null)
{
    public static RestoreResult Refused(string problem) => new(problem);
}

/// A backup is a zip of a consistent copy of the database (VACUUM INTO runs inside one read transaction, so it
/// sees one moment even while people write; a file copy of a WAL database would not) and the uploads.
/// The data-protection keys go in only when asked for (the command line's --include-keys): with them, whoever holds
/// the archive can forge a sign-in cookie for any account, so an archive downloaded from the browser or written
/// nightly never carries them. A restore without keys starts a fresh key ring: everyone signs in again.
/// On PostgreSQL, the file's backup and restore are PostgresBackup's.
public sealed partial class BackupService(SqliteDatabase db, PostgresBackup postgres, MigrationFiles migrations, IOptions<IntranetOptions> options, TimeProvider clock)
{
    public const string DatabaseEntry = "intranet.db";
    private const string Keys = "keys";
    private const string Uploads = "uploads";

    // Limits for what a restore accepts per entry; a key file is a few KB, an upload at most a few MB.
    private const long MaxKeyBytes = 1024 * 1024;
    private const long MaxUploadBytes = 64 * 1024 * 1024;

    public const string FreshKeysNotice =
        "The archive holds no sign-in keys: a fresh key ring is made at the next start, so everyone signs in again, and links already sent (invitations, password resets, unsubscribe, feed tokens) stop working.";

    private string DataPath => options.Value.DataPath;

    public async Task CreateAsync(Stream output, bool includeKeys, CancellationToken ct = default)
    {
        var snapshot = Path.Combine(DataPath, $"backup-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var connection = await db.OpenSqliteAsync(ct))
            {
                await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @snapshot", new { snapshot }, cancellationToken: ct));
            }

            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await zip.CreateEntryFromFileAsync(snapshot, DatabaseEntry, CompressionLevel.Fastest, ct);
            foreach (var folder in includeKeys ? new[] { Keys, Uploads } : [Uploads])
            {
                var root = Path.Combine(DataPath, folder);
                if (!Directory.Exists(root))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.TopDirectoryOnly).Where(f => IsAllowed(folder, Path.GetFileName(f))))
                {
                    await zip.CreateEntryFromFileAsync(file, $"{folder}/{Path.GetFileName(file)}", CompressionLevel.Fastest, ct);
                }
            }
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    /// Returns the archive's size in bytes.
    public async Task<long> CreateFileAsync(string path, bool includeKeys, CancellationToken ct = default)
    {
        if (options.Value.OnPostgres)
        {
            return await postgres.CreateFileAsync(path, includeKeys, ct);
        }

        var temporary = path + ".partial";
        try
        {
            await using (var file = File.Create(temporary))
            {
                await CreateAsync(file, includeKeys, ct);
            }

            File.Move(temporary, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// For a stopped app. Checks the whole archive first (entry names and sizes, the database's integrity and schema
    /// version), unpacked into a staging folder beside the data; only then are the current files moved aside (kept
    /// with a .before-restore suffix) and the staged ones moved in. A refused archive changes nothing on disk.
    public async Task<RestoreResult> RestoreAsync(string archivePath, CancellationToken ct = default)
    {
        if (options.Value.OnPostgres)
        {
            return await postgres.RestoreAsync(archivePath, ct);
        }

        if (!File.Exists(archivePath))
        {
            return RestoreResult.Refused($"No such file: {archivePath}");
        }

        Directory.CreateDirectory(DataPath);
        var staging = Path.Combine(DataPath, $"restore-{Guid.NewGuid():N}.tmp");
        try
        {
            if (await StageAsync(archivePath, staging, ct) is { } problem)
            {
                return RestoreResult.Refused(problem);
            }

            if (AppLock.IsHeld(DataPath))
            {
                return RestoreResult.Refused("The app is running on this data directory: stop it before restoring.");
            }

            var keysRestored = Directory.Exists(Path.Combine(staging, Keys));
            PutInPlace(staging);
            return new RestoreResult(null, keysRestored);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<string?> StageAsync(string archivePath, string staging, CancellationToken ct)
    {
        if (OpenArchive(archivePath, out var opened) is { } unreadable)
        {
            return unreadable;
        }

        using (var zip = opened!)
        {
            if (zip.GetEntry(DatabaseEntry) is null)
            {
                return "The archive holds no intranet.db: not a backup of this app.";
            }

            if ((zip.Entries.Select(CheckEntry).FirstOrDefault(p => p is not null) ?? Twice(zip)) is { } problem)
            {
                return problem;
            }

            var total = zip.Entries.Sum(e => e.Length);

            var free = new DriveInfo(DataPath).AvailableFreeSpace;
            if (total * 2 > free)
            {
                return $"The archive unpacks to {total / (1024 * 1024)} MB, and the data directory's disk has {free / (1024 * 1024)} MB free: the restore needs twice that (the current files are kept).";
            }

            Directory.CreateDirectory(staging);
            try
            {
                foreach (var entry in zip.Entries.Where(e => e.Name.Length > 0))
                {
                    var destination = Path.Combine(staging, entry.FullName);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    // Extraction stops at the declared length: a lying entry (a zip bomb) fails here instead of filling the disk.
                    await entry.ExtractToFileAsync(destination, overwrite: false, ct);
                }
            }
            catch (InvalidDataException ex)
            {
                return $"The archive is damaged: {ex.Message}";
            }
        }

        return await VerifyDatabaseAsync(Path.Combine(staging, DatabaseEntry), ct);
    }

    /// Opens an archive to restore, or says why it is none.
    internal static string? OpenArchive(string archivePath, out ZipArchive? zip)
    {
        try
        {
            zip = ZipFile.OpenRead(archivePath);
            return null;
        }
        catch (InvalidDataException)
        {
            // A copy cut short loses the zip's directory at its end: it looks the same as a file that never was a zip.
            zip = null;
            return $"{archivePath} is no complete zip archive (cut short while copying, damaged, or not a backup of this app): copy the backup again, or restore an older one.";
        }
    }

    /// A second entry of the same name would either fail the extraction halfway or replace what was checked.
    internal static string? Twice(ZipArchive zip) =>
        zip.Entries.GroupBy(e => e.FullName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"The archive holds {twice.Key} twice: not a backup of this app."
            : null;

    /// An upload as an archive carries it: uploads/<generated name>, within its size.
    internal static bool IsUploadEntry(ZipArchiveEntry entry) =>
        entry.FullName.Split('/') is [Uploads, var file] && UploadFiles.IsStoredName(file) && entry.Length <= MaxUploadBytes;

    /// Only the names this app writes: intranet.db, keys/<file>.xml and uploads/<generated name>, nothing nested,
    /// nothing that climbs out (zip-slip), each within its size.
    private static string? CheckEntry(ZipArchiveEntry entry)
    {
        var name = entry.FullName;
        if (name == DatabaseEntry)
        {
            return null;
        }

        var parts = name.Split('/');
        if (parts is not [var folder, var file] || !IsAllowed(folder, file))
        {
            return $"Refusing an entry this app never writes: {name}";
        }

        var limit = folder == Keys ? MaxKeyBytes : MaxUploadBytes;
        return entry.Length > limit ? $"Refusing an entry larger than {limit / 1024} KB: {name}" : null;
    }

    private static bool IsAllowed(string folder, string file) => folder switch
    {
        Keys => KeyFileName().IsMatch(file),
        Uploads => UploadFiles.IsStoredName(file),
        _ => false,
    };

    private void PutInPlace(string staging)
    {
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var target = options.Value.DatabasePath;
        SqliteConnection.ClearAllPools();
        // The old -wal and -shm belong to the old file; left behind they would be replayed into the restored one.
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(target + suffix))
            {
                File.Move(target + suffix, $"{target}.before-restore-{stamp}{suffix}");
            }
        }

        File.Move(Path.Combine(staging, DatabaseEntry), target);
        // Keys too when the archive has none: the old ring belongs to the installation being replaced.
        foreach (var folder in new[] { Keys, Uploads })
        {
            var root = Path.Combine(DataPath, folder);
            if (Directory.Exists(root))
            {
                Directory.Move(root, $"{root}.before-restore-{stamp}");
            }

            var staged = Path.Combine(staging, folder);
            if (Directory.Exists(staged))
            {
                Directory.Move(staged, root);
            }
        }
    }

    private async Task<string?> VerifyDatabaseAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(ct);
            var integrity = await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check");
            if (integrity != "ok")
            {
                return $"The backup's database is damaged: {integrity}";
            }

            var version = await connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            var known = migrations.All() is { Count: > 0 } all ? all[^1].Version : 0;
            return version > known ? $"The backup has schema version {version}, newer than this app knows ({known})." : null;
        }
        catch (SqliteException ex)
        {
            return $"Not a readable SQLite database: {ex.Message}";
        }
    }

    // The names ASP.NET Core's FileSystemXmlRepository gives key files.
    [GeneratedRegex("^key-[0-9a-f-]{36}\\.xml$")]
    private static partial Regex KeyFileName();
}
