using System.Diagnostics;
using System.IO.Compression;
using Dapper;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intranet.Blog.Features.Backup;

/// `backup` and `restore` on PostgreSQL, with PostgreSQL's own tools (pg_dump, pg_restore, psql; Debian's
/// postgresql-client of the server's version or newer). The archive is a zip, as on SQLite: the database as
/// pg_dump's custom format (intranet.pgdump) and the uploads. The sign-in keys are rows of the database here; their
/// rows go in only with --include-keys, as the key files do on SQLite. A restore checks the whole archive first
/// (entry names and sizes, that pg_restore reads the dump, its schema version), refuses while any node is connected,
/// and then replaces the database in one transaction: it either ends with the backup's data or changes nothing. The
/// uploads go in after that commit, file by file (the folder may be a share's mount point); should one fail there,
/// the result says the database was restored and where the rest of the uploads wait.
public sealed class PostgresBackup(IOptions<IntranetOptions> options, MigrationFiles migrations)
{
    public const string DumpEntry = "intranet.pgdump";
    private const string Uploads = "uploads";
    private const string KeysTable = "postgres_data_protection_keys";

    private IntranetOptions Settings => options.Value;

    /// Returns the archive's size in bytes.
    public async Task<long> CreateFileAsync(string path, bool includeKeys, CancellationToken ct = default)
    {
        var work = Directory.CreateTempSubdirectory("intranet-backup-").FullName;
        var temporary = path + ".partial";
        try
        {
            var dump = Path.Combine(work, DumpEntry);
            List<string> arguments = ["--format=custom", "--no-owner", "--no-privileges", "--file", dump];
            if (!includeKeys)
            {
                arguments.Add("--exclude-table-data=" + KeysTable);
            }

            await RunAsync("pg_dump", [.. arguments, "--dbname", Conninfo()], ct);
            using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                await zip.CreateEntryFromFileAsync(dump, DumpEntry, CompressionLevel.Fastest, ct);
                if (Directory.Exists(Settings.UploadsPath))
                {
                    foreach (var file in Directory.EnumerateFiles(Settings.UploadsPath).Where(f => UploadFiles.IsStoredName(Path.GetFileName(f))))
                    {
                        await zip.CreateEntryFromFileAsync(file, $"{Uploads}/{Path.GetFileName(file)}", CompressionLevel.Fastest, ct);
                    }
                }
            }

            File.Move(temporary, path, overwrite: true);
            return new FileInfo(path).Length;
        }
        finally
        {
            File.Delete(temporary);
            Directory.Delete(work, recursive: true);
        }
    }

    /// For stopped nodes. Problem says why nothing was changed; KeysRestored whether people stay signed in.
    public async Task<RestoreResult> RestoreAsync(string archivePath, CancellationToken ct = default)
    {
        if (!File.Exists(archivePath))
        {
            return RestoreResult.Refused($"No such file: {archivePath}");
        }

        var work = Directory.CreateTempSubdirectory("intranet-restore-").FullName;
        // Inside the uploads folder, not beside it: the folder may be a mount point (a volume all nodes share) whose
        // parent the app may not write to, and a rename within it stays on one file system.
        var staging = Path.Combine(Settings.UploadsPath, $".restore-{Guid.NewGuid():N}");
        var keepStaging = false;
        try
        {
            if (await StageAsync(archivePath, work, staging, ct) is { } problem)
            {
                return RestoreResult.Refused(problem);
            }

            var dump = Path.Combine(work, DumpEntry);
            var script = Path.Combine(work, "restore.sql");
            // The dump as SQL, run by psql after emptying the schema, all in one transaction: pg_restore's own --clean
            // would leave behind the tables of migrations newer than the backup, which the next start could not create.
            await RunAsync("pg_restore", ["--no-owner", "--no-privileges", "--file", script, dump], ct);
            if (await ConnectedNodesAsync(ct) is > 0 and var nodes)
            {
                return RestoreResult.Refused($"{nodes} connection(s) of the app are open on the database: stop every node before restoring.");
            }

            await RunAsync("psql", ["--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1",
                "--command", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;", "--file", script, "--command", "ANALYZE", "--dbname", Conninfo()], ct);
            var before = Path.Combine(Settings.UploadsPath, $".before-restore-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..8]}");
            try
            {
                PutUploadsInPlace(staging, before);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                keepStaging = true; // what it holds now exists nowhere else
                return new RestoreResult(
                    $"The database was restored, but not all its uploads could be put in place ({ex.Message}): those left are in {staging}, and the files they replace were moved into {before}. Move the files of {staging} into {Settings.UploadsPath}.",
                    DatabaseRestored: true);
            }

            await using var connection = new NpgsqlConnection(Settings.Postgres.ConnectionString);
            var keys = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {KeysTable}", cancellationToken: ct));
            return new RestoreResult(null, keys > 0, PreviousKeptIn: before);
        }
        catch (StartRefusedException ex)
        {
            // The tools' failures come before the one transaction commits: nothing was changed.
            return RestoreResult.Refused(ex.Message);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            if (!keepStaging && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private async Task<string?> StageAsync(string archivePath, string work, string staging, CancellationToken ct)
    {
        if (BackupService.OpenArchive(archivePath, out var opened) is { } unreadable)
        {
            return unreadable;
        }

        using (var zip = opened!)
        {
            if (zip.GetEntry(DumpEntry) is null)
            {
                return zip.GetEntry(BackupService.DatabaseEntry) is null
                    ? $"The archive holds no {DumpEntry}: not a backup of this app on PostgreSQL."
                    : "The archive is a backup of the app on SQLite: restore it on SQLite, then move it with migrate-to-postgres.";
            }

            if (zip.Entries.FirstOrDefault(e => e.FullName != DumpEntry && !BackupService.IsUploadEntry(e)) is { } foreign)
            {
                return $"Refusing an entry this app never writes, or one too large: {foreign.FullName}";
            }

            if (BackupService.Twice(zip) is { } twice)
            {
                return twice;
            }

            var into = Settings.UploadsPath;
            try
            {
                Directory.CreateDirectory(staging);
                foreach (var entry in zip.Entries)
                {
                    var isDump = entry.FullName == DumpEntry;
                    into = isDump ? work : Settings.UploadsPath;
                    await entry.ExtractToFileAsync(isDump ? Path.Combine(work, DumpEntry) : Path.Combine(staging, entry.Name), overwrite: false, ct);
                }
            }
            catch (InvalidDataException ex)
            {
                return $"The archive is damaged: {ex.Message}";
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full or read-only uploads folder, or temporary folder: found before anything was replaced.
                return $"The backup could not be unpacked into {into} ({ex.Message}): free space there, or give the app write access to it.";
            }
        }

        return await SchemaProblemAsync(Path.Combine(work, DumpEntry), ct);
    }

    /// The schema version the dump holds (schema_migrations' rows, as pg_restore prints them), against this app's.
    private async Task<string?> SchemaProblemAsync(string dump, CancellationToken ct)
    {
        string rows;
        try
        {
            rows = await RunAsync("pg_restore", ["--data-only", "--table=schema_migrations", "--file=-", dump], ct);
        }
        catch (StartRefusedException ex)
        {
            return $"The archive's database is not a dump pg_restore can read: {ex.Message}";
        }

        var copying = false;
        var version = 0L;
        foreach (var line in rows.Split('\n'))
        {
            if (line.StartsWith("COPY ", StringComparison.Ordinal))
            {
                copying = true;
            }
            else if (line == "\\.")
            {
                copying = false;
            }
            else if (copying && long.TryParse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                version = Math.Max(version, v);
            }
        }

        var known = migrations.All() is { Count: > 0 } all ? all[^1].Version : 0;
        return version == 0 ? "The archive's database has no schema version: not a backup of this app."
            : version > known ? $"The backup has schema version {version}, newer than this app knows ({known})."
            : null;
    }

    /// File by file within the folder, never the folder itself, which cannot be renamed when it is a mount point. The
    /// files the backup replaces are kept in a folder of their own inside it (before), which nothing serves.
    private void PutUploadsInPlace(string staging, string before)
    {
        var uploads = Settings.UploadsPath;
        Directory.CreateDirectory(before);
        foreach (var file in Directory.EnumerateFiles(uploads))
        {
            File.Move(file, Path.Combine(before, Path.GetFileName(file)));
        }

        foreach (var file in Directory.EnumerateFiles(staging))
        {
            File.Move(file, Path.Combine(uploads, Path.GetFileName(file)));
        }

        Directory.Delete(staging);
    }

    private async Task<long> ConnectedNodesAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Settings.Postgres.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name AND pid <> pg_backend_pid()",
            new { name = PostgresDatabase.ApplicationName }, cancellationToken: ct));
    }

    /// libpq's form of the setting; the password goes to the tools by environment (PGPASSWORD), never on a command line.
    private string Conninfo()
    {
        var settings = new NpgsqlConnectionStringBuilder(Settings.Postgres.ConnectionString);
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{key}='{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'");
            }
        }

        Add("host", settings.Host);
        Add("port", settings.Port);
        Add("dbname", settings.Database);
        Add("user", settings.Username);
        Add("sslmode", settings.SslMode switch { SslMode.Disable => "disable", SslMode.Require => "require", SslMode.VerifyCA => "verify-ca", SslMode.VerifyFull => "verify-full", _ => "prefer" });
        return string.Join(' ', parts);
    }

    /// Runs one of PostgreSQL's tools (found on PATH, or in Intranet:Postgres:Tools) and returns what it printed.
    private async Task<string> RunAsync(string tool, string[] arguments, CancellationToken ct)
    {
        var program = Settings.Postgres.Tools is { Length: > 0 } folder ? Path.Combine(folder, tool) : tool;
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (new NpgsqlConnectionStringBuilder(Settings.Postgres.ConnectionString).Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new StartRefusedException(
                $"PostgreSQL's {tool} was not found: install PostgreSQL's client tools of the server's version (Debian: postgresql-client), or name their folder in Intranet:Postgres:Tools.");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                var said = (await errors).Trim().Split('\n').FirstOrDefault(l => l.Length > 0) ?? $"exit code {process.ExitCode}";
                throw new StartRefusedException($"PostgreSQL's {tool} failed: {said.Trim()}");
            }

            return await output;
        }
    }
}
