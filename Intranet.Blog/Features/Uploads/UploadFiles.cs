using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Uploads;

/// The upload files on disk: <data directory>/uploads/<32 hex><extension> (or Intranet:UploadsDirectory, which several
/// nodes share). Names are generated here, never typed.
public sealed partial class UploadFiles(IOptions<IntranetOptions> options, ILogger<UploadFiles> logger)
{
    public string Directory { get; } = options.Value.UploadsPath;

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// Every file name this folder holds for good: what a backup carries and a restore accepts.
    public static bool IsStoredName(string? name) => IsValidName(name) || OriginalOf(name) is not null;

    /// A smaller copy of an upload (avatars): <32 hex>-<size><extension>, beside the original.
    public static string RenditionName(string name, int size) =>
        IsValidName(name) ? $"{Path.GetFileNameWithoutExtension(name)}-{size}{Path.GetExtension(name)}" : throw new ArgumentException("Not an upload name", nameof(name));

    /// The upload a rendition name belongs to, or null when the name is not one of the renditions made.
    public static string? OriginalOf(string? rendition)
    {
        var match = rendition is null ? null : RenditionPattern().Match(rendition);
        return match is { Success: true } && ImageProcessing.AvatarSizes.Contains(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            ? match.Groups[1].Value + match.Groups[3].Value : null;
    }

    public static string NewName(ImageKind kind) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + kind.Extension;

    public string PathOf(string name) => IsStoredName(name) ? Path.Combine(Directory, name)
        : throw new ArgumentException("Not an upload name", nameof(name));

    /// Written under a temporary name and moved, so a half-written file never carries a name that a row may point to.
    /// In the data directory a full or read-only disk is the database's too (read-only mode follows); a shared folder
    /// that cannot take the file refuses only the image (UploadsUnavailableException), and the node keeps writing.
    public async Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        if (!options.Value.SharedUploads)
        {
            System.IO.Directory.CreateDirectory(Directory);
            await WriteFileAsync(name, content, ct);
            return;
        }

        // Never made here: a share that came unmounted would be replaced by a folder on this node's own disk, whose
        // images the other nodes never see (and this one no longer, once the share is back).
        if (options.Value.SharedUploadsMissing)
        {
            throw new UploadsUnavailableException($"The shared uploads folder {Directory} (Intranet:UploadsDirectory) is missing: is the share mounted?");
        }

        try
        {
            await WriteFileAsync(name, content, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SharedWriteFailed(logger, Directory, ex);
            throw new UploadsUnavailableException($"The shared uploads folder {Directory} cannot take a file: {ex.Message}");
        }
    }

    private async Task WriteFileAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct)
    {
        var temporary = Path.Combine(Directory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, PathOf(name), overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// The renditions, then the original, each written as WriteAsync does (replacing a file of the same name whole).
    public async Task WriteAllAsync(string name, ImageUpload image, CancellationToken ct)
    {
        foreach (var (size, content) in image.Renditions)
        {
            await WriteAsync(RenditionName(name, size), content, ct);
        }

        await WriteAsync(name, image.Content, ct);
    }

    /// Where an image goes that can no longer be served as it was stored (see UploadScrubber), so nothing serves it and
    /// an admin can still look at it: beside the uploads in the data directory; in a folder inside a shared uploads
    /// folder (Intranet:UploadsDirectory), whose parent may be a mount point's the app cannot write to. Only names of
    /// uploads are served, never a folder's.
    public string WithheldDirectory => !options.Value.SharedUploads
        ? Path.Combine(Path.GetDirectoryName(Directory)!, "uploads-withheld") : Path.Combine(Directory, ".withheld");

    public void Withhold(string name)
    {
        System.IO.Directory.CreateDirectory(WithheldDirectory);
        File.Move(PathOf(name), Path.Combine(WithheldDirectory, name), overwrite: true);
    }

    /// The original and its renditions. Best effort: a file left behind is only wasted space, so a failure is
    /// logged, not thrown.
    public void Delete(string name)
    {
        foreach (var size in ImageProcessing.AvatarSizes)
        {
            DeleteFile(RenditionName(name, size));
        }

        DeleteFile(name);
    }

    private void DeleteFile(string name)
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

    [GeneratedRegex("^([0-9a-f]{32})-([0-9]{2,3})(\\.(png|jpg|webp))$")]
    private static partial Regex RenditionPattern();

    [LoggerMessage(Level = LogLevel.Error, Message = "An image could not be written to the shared uploads folder {Directory}; uploads are refused until it takes files again")]
    private static partial void SharedWriteFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload file {Name} could not be deleted")]
    private static partial void DeleteFailed(ILogger logger, string name, Exception exception);
}

/// The shared uploads folder cannot take a file (full, read-only, gone). Without the I/O error as its inner exception:
/// that would read as the database's storage failing and put the node into read-only mode.
public sealed class UploadsUnavailableException(string detail) : Exception(detail);
