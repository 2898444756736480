using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Intranet.Blog.Features.Shared;

/// The formatting toolbar (_MarkdownToolbar.cshtml) as a resource of its own: 3.4 KB that every signed-in page carried
/// in a template, though only script uses it and only where there is a Markdown box. toolbar.js fetches it from the
/// address the layout names; the address holds a hash of the toolbar in the reader's language, so the browser keeps it
/// until its words or buttons change.
public sealed class MarkdownToolbarController(FragmentRenderer renderer) : Controller
{
    [HttpGet("/markdown-toolbar")]
    public async Task<IActionResult> Show(string? v)
    {
        var toolbar = await MarkdownToolbar.GetAsync(renderer);
        if (v == toolbar.Version)
        {
            Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        }

        return Content(toolbar.Html, "text/html; charset=utf-8");
    }
}

/// The toolbar rendered once per language, and its version for the layout's address.
public static class MarkdownToolbar
{
    private static readonly ConcurrentDictionary<string, (string Html, string Version)> Made = new(StringComparer.Ordinal);

    public static async Task<(string Html, string Version)> GetAsync(FragmentRenderer renderer)
    {
        var culture = CultureInfo.CurrentUICulture.Name;
        if (Made.TryGetValue(culture, out var made))
        {
            return made;
        }

        var html = await renderer.RenderAsync<object?>("~/Features/Shared/_MarkdownToolbar.cshtml", null);
        made = (html, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(html)))[..16]);
        Made[culture] = made;
        return made;
    }

    public static async Task<string> UrlAsync(FragmentRenderer renderer) => "/markdown-toolbar?v=" + (await GetAsync(renderer)).Version;
}
