using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Search;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// `dotnet Intranet.Blog.dll backup <file> [--include-keys]` (works while the app runs), `restore <file>` (app
/// stopped), `check` (the full integrity_check of the database; works while the app runs) and `migrate-to-postgres`
/// (app stopped; the target's connection string from the setting Intranet:Postgres:ConnectionString, which keeps its
/// password out of the command line and the shell's history).
public static class BackupCommands
{
    private const string IncludeKeys = "--include-keys";

    public static bool IsCommand(string[] args) => IsOneWord(args) || (args is ["backup" or "restore", var file, ..] && !file.StartsWith('-'));

    private static bool IsOneWord(string[] args) => args is ["check" or MoveCommand, ..];

    private const string MoveCommand = "migrate-to-postgres";

    /// The configuration settings among the arguments: a command's own words and flags are not settings (a bare
    /// --include-keys would otherwise swallow the setting after it as its value).
    public static string[] Settings(string[] args) =>
        IsOneWord(args) ? args[1..] : IsCommand(args) ? args[2..].Where(a => a != IncludeKeys).ToArray() : args;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args[0] == MoveCommand)
        {
            return await MoveAsync(services);
        }

        var settings = services.GetRequiredService<IOptions<IntranetOptions>>().Value;
        if (args[0] == "check")
        {
            // PostgreSQL's pages are the server's to check, with its own tool.
            return settings.OnPostgres
                ? throw new StartRefusedException("`check` reads the SQLite file; on PostgreSQL, check the database with pg_amcheck (and data checksums).")
                : await CheckAsync(services);
        }

        // A backup of a share that failed to mount would leave the uploads out; a restore would put them on this machine.
        FirstStart.CheckSharedUploads(settings);
        var backups = services.GetRequiredService<BackupService>();
        var data = settings.OnPostgres ? services.GetRequiredService<Database>().Location : settings.DataPath;
        var file = Path.GetFullPath(args[1]);
        if (args[0] == "backup")
        {
            var withKeys = args.Contains(IncludeKeys);
            await backups.CreateFileAsync(file, withKeys);
            Console.WriteLine($"Backup of {data} written to {file}.");
            Console.WriteLine(withKeys
                ? "It holds the sign-in keys: whoever has this file can sign in as anyone. Keep it as safe as the server."
                : $"It holds no sign-in keys ({IncludeKeys} adds them): after a restore everyone signs in again.");
            return 0;
        }

        var result = await backups.RestoreAsync(file);
        if (result.Problem is not null)
        {
            await Console.Error.WriteLineAsync(result.DatabaseRestored ? $"Restore incomplete: {result.Problem}" : $"Restore refused, nothing was changed: {result.Problem}");
            return 1;
        }

        Console.WriteLine(result.PreviousKeptIn is { } previous
            ? $"Restored {args[1]} into {data}; the uploads it replaced were kept in {previous}."
            : $"Restored {args[1]} into {data}; the previous files were kept with a .before-restore suffix.");
        Console.WriteLine(result.KeysRestored ? "The sign-in keys were restored too: people stay signed in." : BackupService.FreshKeysNotice);
        return 0;
    }

    private static async Task<int> MoveAsync(IServiceProvider services)
    {
        var connectionString = services.GetRequiredService<IConfiguration>()["Intranet:Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new StartRefusedException(
                "Set Intranet:Postgres:ConnectionString to the empty PostgreSQL database to move into (for example the environment variable Intranet__Postgres__ConnectionString=\"Host=db;Database=intranet;Username=intranet;Password=...\").");
        }

        var data = services.GetRequiredService<IOptions<IntranetOptions>>().Value.DataPath;
        using var appLock = AppLock.Acquire(data);
        var tables = await services.GetRequiredService<MoveToPostgres>().RunAsync(connectionString);
        foreach (var table in tables)
        {
            Console.WriteLine(table.Same
                ? $"  {table.Name}: {table.Rows} rows, the same on both sides"
                : $"  {table.Name}: {table.Rows} rows, checksum {table.Checksum} in SQLite; {table.TargetRows} rows, checksum {table.TargetChecksum} in PostgreSQL: DIFFERENT");
        }

        var different = tables.Where(t => !t.Same).Select(t => t.Name).ToList();
        if (different.Count > 0)
        {
            await Console.Error.WriteLineAsync($"The move is not sound: {string.Join(", ", different)} differ between the two databases. Keep using the SQLite database.");
            return 1;
        }

        var keys = await services.GetRequiredService<MoveToPostgres>().CopyKeysAsync(connectionString);
        Console.WriteLine($"Moved {tables.Count} tables ({tables.Sum(t => t.Rows)} rows) from {data} into PostgreSQL; every table has the same rows and checksum on both sides.");
        Console.WriteLine($"Copied {keys} sign-in keys, so whoever is signed in stays signed in.");
        Console.WriteLine("Not moved: search (the PostgreSQL side builds its own index at its first start) and the uploads, which stay in the data directory"
            + " (with several nodes, copy its uploads folder into the folder they share, Intranet:UploadsDirectory, before they start).");
        return 0;
    }

    /// Damage is the one sentence of a failed start (stderr, exit code 1), with the way out; a sound database says so.
    private static async Task<int> CheckAsync(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<IntranetOptions>>().Value.DatabasePath;
        if (!File.Exists(database))
        {
            throw new StartRefusedException($"There is no database at {database} to check: set Intranet:DataDirectory to the app's data directory.");
        }

        if (await services.GetRequiredService<IntegrityCheck>().FullCheckAsync(CancellationToken.None) is { } damage)
        {
            throw new StartRefusedException(damage);
        }

        Console.WriteLine($"The database {database} is sound (integrity_check found nothing).");
        if (await services.GetRequiredService<SearchIndexBuild>().RepairAsync(CancellationToken.None))
        {
            Console.WriteLine("The search index did not match the posts and comments and has been built again from them.");
        }

        return 0;
    }
}
