using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Uploads;

/// After a start, processes the images stored before uploads were processed (ImageProcessing): their EXIF and GPS
/// data go, photos get their avatar renditions. Each file is replaced whole (written beside it, then moved), and its
/// row marked, one at a time: a restart goes on with what is left. A file that does not decode is withheld: it may
/// carry the very location the processing is there to remove, so it leaves the served folder (kept beside it).
/// Several nodes share the folder: one of them does it (a background job).
public sealed partial class UploadScrubber(UploadStore uploads, UploadFiles files, Database db, ILogger<UploadScrubber> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            if (await db.RunsJobAsync(nameof(UploadScrubber), stoppingToken))
            {
                await ScrubAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Failed(logger, ex);
        }
    }

    public async Task ScrubAllAsync(CancellationToken ct)
    {
        while (await uploads.UnprocessedAsync(50, ct) is { Count: > 0 } batch)
        {
            foreach (var upload in batch)
            {
                var path = files.PathOf(upload.Name);
                var kind = ImageSniffer.FromContentType(upload.ContentType);
                var image = kind is not null && File.Exists(path)
                    ? ImageProcessing.Process(kind, await File.ReadAllBytesAsync(path, ct), avatarRenditions: upload.Purpose == UploadPurposes.Photo)
                    : null;
                if (image is null)
                {
                    if (File.Exists(path))
                    {
                        files.Withhold(upload.Name);
                    }

                    Unreadable(logger, upload.Name, files.WithheldDirectory);
                    await uploads.MarkProcessedAsync(upload.Name, upload.Bytes, ct);
                    continue;
                }

                // Renditions first: the moment the original is replaced, everything it needs is there.
                await files.WriteAllAsync(upload.Name, new ImageUpload(image.Kind, image.Content, image.Renditions), ct);
                await uploads.MarkProcessedAsync(upload.Name, image.Content.Length, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {Name} could not be decoded, so its metadata could not be removed: it is no longer served and was moved to {Folder}")]
    private static partial void Unreadable(ILogger logger, string name, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing stored uploads stopped; the next start goes on")]
    private static partial void Failed(ILogger logger, Exception exception);
}
