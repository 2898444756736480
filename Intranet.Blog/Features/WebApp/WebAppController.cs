using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.WebApp;

/// The web app manifest: what a phone needs to put the intranet on its home screen, under the organisation's name.
/// Public like the sign-in page it starts from; it names nothing but the organisation.
public sealed class WebAppController(IOptions<IntranetOptions> options) : Controller
{
    [AllowAnonymous, HttpGet("manifest.webmanifest")]
    public IActionResult Manifest()
    {
        var name = options.Value.OrganisationName;
        var manifest = new
        {
            name,
            short_name = name.Length <= 12 ? name : name[..12].TrimEnd(),
            lang = options.Value.DefaultCulture,
            start_url = "/",
            scope = "/",
            display = "standalone",
            background_color = "#f5f6f8",
            theme_color = "#1f5fbf",
            icons = new object[]
            {
                new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                new { src = "/icons/maskable-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
            },
        };
        Response.Headers.CacheControl = "public, max-age=3600";
        return Content(JsonSerializer.Serialize(manifest), "application/manifest+json; charset=utf-8");
    }
}
