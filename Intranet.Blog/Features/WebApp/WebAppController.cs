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
            short_name = ShortName(name),
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

    /// What fits under a home-screen icon (about 12 characters): as many whole words as fit, at least the first. The
    /// phone shortens a longer first word itself; cutting here could split a letter or an emoji in two.
    public static string ShortName(string name)
    {
        const int Fits = 12;
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shortName = words[0];
        foreach (var word in words.Skip(1))
        {
            var longer = shortName + " " + word;
            if (new System.Globalization.StringInfo(longer).LengthInTextElements > Fits)
            {
                break;
            }

            shortName = longer;
        }

        return shortName;
    }
}
