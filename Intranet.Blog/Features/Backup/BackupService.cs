using System.IO.Compression;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// A backup is a zip of a consistent copy of the database (VACUUM INTO runs inside one read transaction, so it
/// sees one moment even while people write; a file copy of a WAL database would not), the data-protection keys
/// (without them a restored app signs everybody out) and the uploads.
public sealed class BackupService(SqliteConnectionFactory db, MigrationFiles migrations, IOptions<IntranetOptions> options, TimeProvider clock)
{
    public const string DatabaseEntry = "intranet.db";
    private string DataPath => options.Value.DataPath;

    public async Task CreateAsync(Stream output, CancellationToken ct = default)
    {
        var snapshot = Path.Combine(DataPath, $"backup-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var connection = await db.OpenAsync(ct))
            {
                await connection.ExecuteAsync(new CommandDefinition("VACUUM INTO @snapshot", new { snapshot }, cancellationToken: ct));
            }

            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await zip.CreateEntryFromFileAsync(snapshot, DatabaseEntry, CompressionLevel.Fastest, ct);
            foreach (var folder in new[] { "keys", "uploads" })
            {
                var root = Path.Combine(DataPath, folder);
                if (!Directory.Exists(root))
                {
                    continue;
                }

                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
                {
                    await zip.CreateEntryFromFileAsync(file, Path.Combine(folder, Path.GetRelativePath(root, file)).Replace('\\', '/'), CompressionLevel.Fastest, ct);
                }
            }
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    public async Task CreateFileAsync(string path, CancellationToken ct = default)
    {
        var temporary = path + ".partial";
        await using (var file = File.Create(temporary))
        {
            await CreateAsync(file, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// For a stopped app: checks the archive, keeps the current files beside it, and puts the backup in place.
    /// Returns a problem description, or null when the restore is done.
    public async Task<string?> RestoreAsync(string archivePath, CancellationToken ct = default)
    {
        if (!File.Exists(archivePath))
        {
            return $"No such file: {archivePath}";
        }

        Directory.CreateDirectory(DataPath);
        var candidate = Path.Combine(DataPath, $"restore-{Guid.NewGuid():N}.db");
        try
        {
            using (var zip = ZipFile.OpenRead(archivePath))
            {
                var entry = zip.GetEntry(DatabaseEntry);
                if (entry is null)
                {
                    return "The archive holds no intranet.db: not a backup of this app.";
                }

                await entry.ExtractToFileAsync(candidate, ct);
                if (await VerifyAsync(candidate, ct) is { } problem)
                {
                    return problem;
                }

                if (AppLock.IsHeld(DataPath))
                {
                    return "The app is running on this data directory: stop it before restoring.";
                }

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

                File.Move(candidate, target);
                foreach (var folder in new[] { "keys", "uploads" })
                {
                    var root = Path.Combine(DataPath, folder);
                    var entries = zip.Entries.Where(e => e.FullName.StartsWith(folder + "/", StringComparison.Ordinal) && e.Name.Length > 0).ToList();
                    if (entries.Count == 0)
                    {
                        continue;
                    }

                    if (Directory.Exists(root))
                    {
                        Directory.Move(root, $"{root}.before-restore-{stamp}");
                    }

                    foreach (var e in entries)
                    {
                        var destination = Path.GetFullPath(Path.Combine(DataPath, e.FullName));
                        // Zip-slip: an entry may not write outside its folder.
                        if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        {
                            return $"Refusing entry outside the data folder: {e.FullName}";
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                        await e.ExtractToFileAsync(destination, overwrite: true, ct);
                    }
                }
            }

            return null;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(candidate);
        }
    }

    private async Task<string?> VerifyAsync(string path, CancellationToken ct)
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
}
