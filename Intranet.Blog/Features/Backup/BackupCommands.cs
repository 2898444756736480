using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Backup;

/// `dotnet Intranet.Blog.dll backup <file>` (works while the app runs) and `restore <file>` (app stopped).
public static class BackupCommands
{
    public static bool IsCommand(string[] args) => args is ["backup" or "restore", var file, ..] && !file.StartsWith('-');

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var backups = services.GetRequiredService<BackupService>();
        var data = services.GetRequiredService<IOptions<IntranetOptions>>().Value.DataPath;
        if (args[0] == "backup")
        {
            await backups.CreateFileAsync(Path.GetFullPath(args[1]));
            Console.WriteLine($"Backup of {data} written to {Path.GetFullPath(args[1])}");
            return 0;
        }

        var problem = await backups.RestoreAsync(Path.GetFullPath(args[1]));
        Console.WriteLine(problem is null ? $"Restored {args[1]} into {data}; the previous files were kept with a .before-restore suffix." : $"Restore refused: {problem}");
        return problem is null ? 0 : 1;
    }
}
