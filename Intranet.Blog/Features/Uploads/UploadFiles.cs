using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Uploads;

/// The upload files on disk: <data directory>/uploads/<32 hex><extension>. Names are generated here, never typed.
public sealed partial class UploadFiles(IOptions<IntranetOptions> options, ILogger<UploadFiles> logger)
{
    public string Directory { get; } = Path.Combine(options.Value.DataPath, "uploads");

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// Every file name this folder holds for good: what a backup carries and a restore accepts.
    public static bool IsStoredName(string? name) => IsValidName(name);

    public static string NewName(ImageKind kind) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + kind.Extension;

    public string PathOf(string name) => IsValidName(name) ? Path.Combine(Directory, name)
        : throw new ArgumentException("Not an upload name", nameof(name));

    /// Written under a temporary name and moved, so a half-written file never carries a name that a row may point to.
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temporary = Path.Combine(Directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, PathOf(name));
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// Best effort: a file left behind is only wasted space, so a failure is logged, not thrown.
    public void Delete(string name)
    {
        try
        {
            File.Delete(PathOf(name));
        }
        catch (IOException e)
        {
            DeleteFailed(logger, name, e);
        }
        catch (UnauthorizedAccessException e)
        {
            DeleteFailed(logger, name, e);
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.(png|jpg|webp)$")]
    private static partial Regex NamePattern();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload file {Name} could not be deleted")]
    private static partial void DeleteFailed(ILogger logger, string name, Exception exception);
}
