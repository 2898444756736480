using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace Intranet.Blog.Infrastructure.Web;

/// Compression for the app's own style sheet and scripts only, never for pages or JSON (bench/README.md, "Bytes on
/// the wire"). A compressed response that holds a secret (the antiforgery token, a feed token) beside text an
/// attacker can choose (a post, a search term) lets its length give the secret away a character at a time (BREACH),
/// and nearly every page and fragment here holds both. Style sheets and scripts hold neither. Chosen by content type,
/// so a page can never slip in under a path: text/html and application/json are simply not on the list.
public static class StaticCompression
{
    public static readonly string[] Types = ["text/css", "text/javascript", "application/javascript", "image/svg+xml"];

    public static IServiceCollection AddStaticCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // Safe over TLS for these types: they carry no secret for a length to reveal.
            o.EnableForHttps = true;
            o.MimeTypes = Types;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        // The files are compressed again on each full download (a browser keeps them and revalidates), so not at the
        // smallest size: Optimal (Brotli quality 4, gzip 6) takes about a millisecond for site.css; Fastest left a
        // third of it, Optimal less than a quarter.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// Only requests for a file name (a dot in the last segment) pass through the middleware: pages, the cheapest and
    /// the busiest requests, do not pay for wrapping a body that would never be compressed anyway.
    public static IApplicationBuilder UseStaticCompression(this IApplicationBuilder app) =>
        app.UseWhen(c => Path.HasExtension(c.Request.Path.Value), branch => branch.UseResponseCompression());
}
