using System.Security.Cryptography;
using Dapper;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.CompanyDirectory;

/// Photos from the directory become profile pictures through the same checks as an upload (a complete PNG, JPEG or
/// WebP, at most 2 MB and 25 megapixels, re-encoded), each in its own transaction after the sync. A photo the person
/// chose themselves is never replaced; an unchanged directory photo is not processed again.
public sealed class DirectoryPhotos(Database db, UploadService uploads, AvatarLookup avatars, ILogger<DirectoryPhotos> logger)
{
    private sealed class PhotoChosenMeanwhile : Exception;

    private sealed record Current(long Id, string? Photo, string? DirectoryPhoto);

    private const string CurrentSql = "SELECT id, photo, directory_photo FROM users WHERE directory_id = @directoryId AND is_active = 1";

    private const string SetSql = """
        UPDATE users SET photo = @name, directory_photo = @mark
         WHERE id = @id AND (photo IS NULL OR photo = @previous)
        """;

    private const string RefusedSql = "UPDATE users SET directory_photo = @mark WHERE id = @id";

    /// Returns how many photos were taken.
    public async Task<int> TakeAsync(IReadOnlyList<DirectoryPerson> people, CancellationToken ct)
    {
        var taken = 0;
        foreach (var person in people.Where(p => p.Photo is { Length: > 0 }))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(person.Photo!));
            Current? current;
            await using (var connection = await db.OpenAsync(ct))
            {
                current = await connection.QuerySingleOrDefaultAsync<Current>(new CommandDefinition(CurrentSql, new { directoryId = person.Id }, cancellationToken: ct));
            }

            var previous = current?.DirectoryPhoto?.Split(':') is [var h, var n] ? (Hash: h, Name: n.Length > 0 ? n : null) : default;
            // The person's own photo (one the sync did not put there) stays.
            if (current is null || (current.Photo is not null && current.Photo != previous.Name) || previous.Hash == hash)
            {
                continue;
            }

            if (person.Photo!.Length > UploadService.MaxBytes || ImageSniffer.Detect(person.Photo) is not { } kind
                || ImageProcessing.Process(kind, person.Photo, avatarRenditions: true) is not { } image)
            {
                // Marked with an empty name, so the same broken photo is not decoded and reported at every sync.
                logger.LogWarning("The directory's photo of {Dn} is not an image the app can take.", person.Dn);
                await using var scope = await db.BeginWriteAsync(ct);
                await scope.Connection.ExecuteAsync(RefusedSql, new { id = current.Id, mark = $"{hash}:" }, scope.Transaction);
                await scope.CommitAsync(ct);
                continue;
            }

            var replaced = current.Photo;
            try
            {
                await uploads.SaveAsync(current.Id, UploadPurposes.Photo, new ImageUpload(image.Kind, image.Content, image.Renditions), async (scope, name) =>
                {
                    // The person chose a photo meanwhile: theirs stays, and the new file is removed with the rollback.
                    if (await scope.Connection.ExecuteAsync(SetSql, new { id = current.Id, name, mark = $"{hash}:{name}", previous = replaced }, scope.Transaction) == 0)
                    {
                        throw new PhotoChosenMeanwhile();
                    }
                }, ct);
            }
            catch (PhotoChosenMeanwhile)
            {
                continue;
            }
            catch (UploadsUnavailableException ex)
            {
                // The people are synced; their photos come with the next sync once the folder takes files again.
                logger.LogWarning("Directory photos are left for the next sync: {Reason}", ex.Message);
                return taken;
            }

            avatars.Forget(current.Id);
            if (replaced is not null)
            {
                await uploads.DeleteAsync(replaced, ct);
            }

            taken++;
        }

        return taken;
    }
}
