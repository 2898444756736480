using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Uploads;

/// An uploaded image whose type was decided from its bytes, decoded and encoded again (ImageProcessing), with the
/// avatar renditions of a photo.
public sealed record ImageUpload(ImageKind Kind, byte[] Content, IReadOnlyDictionary<int, byte[]> Renditions);

public sealed record ArticleImage(string Url, string Markdown);

public sealed class UploadService(Database db, UploadStore uploads, UploadFiles files, IStringLocalizer<SharedResource> t)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxDescription = 200;

    /// A shared uploads folder that is full or cannot be written: the one thing refused is the image.
    public const string CannotStore = "The image cannot be stored right now: the folder for images is full or cannot be written to. Nothing was saved; please tell the administrators.";

    /// Checks an uploaded file and makes what is stored of it; a refusal is a field error, and nothing is written.
    public async Task<ImageUpload?> ReadAsync(IFormFile? file, string purpose, string field, FieldErrors errors, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            errors.Add(field, t["Choose an image file (PNG, JPEG or WebP)."]);
            return null;
        }

        // Browsers send the bare file name; a path in it means a hand-made request, refused rather than trimmed.
        if (file.FileName.Contains('/', StringComparison.Ordinal) || file.FileName.Contains('\\', StringComparison.Ordinal)
            || file.FileName.Contains("..", StringComparison.Ordinal))
        {
            errors.Add(field, t["The file name must not contain a path (/, \\ or ..)."]);
            return null;
        }

        if (file.Length > MaxBytes)
        {
            errors.Add(field, t["The image is too large: at most 2 MB are allowed."]);
            return null;
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, ct);
        }

        // The sniffer first: only bytes that are wholly one of the three formats reach the decoder.
        if (ImageSniffer.Detect(content) is not { } kind)
        {
            errors.Add(field, t["Only PNG, JPEG and WebP images can be uploaded, and this file is not a complete one of those."]);
            return null;
        }

        if (ImageProcessing.Process(kind, content, avatarRenditions: purpose == UploadPurposes.Photo) is not { } image)
        {
            errors.Add(field, t["This image cannot be read, or it has more than 25 megapixels."]);
            return null;
        }

        return new ImageUpload(image.Kind, image.Content, image.Renditions);
    }

    /// The file goes to disk first, outside the write lock; its row commits in one transaction with whatever the
    /// caller writes alongside, and the file is removed again when that transaction does not commit.
    public async Task<string> SaveAsync(long ownerId, string purpose, ImageUpload image, Func<WriteScope, string, Task>? alongside, CancellationToken ct)
    {
        var name = UploadFiles.NewName(image.Kind);
        try
        {
            await files.WriteAllAsync(name, image, ct);
        }
        catch
        {
            files.Delete(name); // the renditions written before the one that failed
            throw;
        }

        var committed = false;
        try
        {
            await using var scope = await db.BeginWriteAsync(ct);
            await uploads.InsertAsync(scope.Connection, scope.Transaction, name, ownerId, purpose, image.Kind.ContentType, image.Content.Length);
            if (alongside is not null)
            {
                await alongside(scope, name);
            }

            await scope.CommitAsync(ct);
            committed = true;
            return name;
        }
        finally
        {
            if (!committed)
            {
                files.Delete(name);
            }
        }
    }

    /// Removes an upload that nothing points to any more: the row first, then the file.
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            await uploads.DeleteAsync(scope.Connection, scope.Transaction, name);
            await scope.CommitAsync(ct);
        }

        files.Delete(name);
    }

    public async Task<(ArticleImage? Image, FieldErrors Errors)> SaveArticleImageAsync(long ownerId, IFormFile? file, string? description, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var text = errors.Text("Description", description, MaxDescription, required: false);
        var image = await ReadAsync(file, UploadPurposes.Article, "Image", errors, ct);
        if (errors.Any || image is null)
        {
            return (null, errors);
        }

        string name;
        try
        {
            name = await SaveAsync(ownerId, UploadPurposes.Article, image, null, ct);
        }
        catch (UploadsUnavailableException)
        {
            errors.Add("Image", t[CannotStore]);
            return (null, errors);
        }

        var url = "/uploads/" + name;
        return (new ArticleImage(url, $"![{AltText(text.Length > 0 ? text : t["Image"])}]({url})"), errors);
    }

    // Brackets, backslashes and line breaks would end the alt text early or break the Markdown image syntax.
    private static string AltText(string text) =>
        string.Concat(text.Where(c => c is not ('[' or ']' or '\\' or '\r' or '\n'))).Trim();
}
