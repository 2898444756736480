using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Intranet.Blog.Features.Uploads;

public sealed record ArticleImageView(ArticleImage? Result, string? Description);

[Route("uploads")]
public sealed class UploadsController(UploadService service, UploadStore uploads, UploadFiles files) : Controller
{
    [HttpGet("new")]
    public IActionResult New() => View("New", new ArticleImageView(null, null));

    [HttpPost("")]
    public async Task<IActionResult> Create(IFormFile? image, string? description, CancellationToken ct)
    {
        var (result, errors) = await service.SaveArticleImageAsync(User.Id(), image, description, ct);
        errors.CopyTo(ModelState);
        if (Request.WantsJson())
        {
            return result is null ? ValidationProblem(ModelState) : StatusCode(StatusCodes.Status201Created, new { url = result.Url, markdown = result.Markdown });
        }

        return View("New", new ArticleImageView(result, description)).WithStatus(result is null ? 400 : 200);
    }

    /// Uploaded bytes are served as the image type decided on upload, in a sandbox: even a file that slipped past
    /// the checks could not run script or be read as a page of this origin.
    [HttpGet("{name}")]
    [DisableRateLimiting] // a file, streamed: outside the read gate (Limits.Reads)
    public async Task<IActionResult> Show(string name, CancellationToken ct)
    {
        // A rendition (an avatar's small copy) is served as its original's type, and exists as long as the original does.
        var original = UploadFiles.IsValidName(name) ? name : UploadFiles.OriginalOf(name);
        if (original is null || await uploads.GetAsync(original, ct) is not { } upload || !System.IO.File.Exists(files.PathOf(name)))
        {
            return NotFound();
        }

        var headers = Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, max-age=31536000, immutable";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return PhysicalFile(files.PathOf(name), upload.ContentType);
    }
}
