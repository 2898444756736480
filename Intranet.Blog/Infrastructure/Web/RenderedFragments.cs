using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Caching.Memory;

namespace Intranet.Blog.Infrastructure.Web;

/// Cards rendered once and written again while nothing they show has changed. A feed page shows the same twenty
/// cards to everyone, and rendering them through partials was about half of its cost.
/// The caller's key holds everything the partial shows (a changed count, name or relative time is another key, so a
/// stale card is never served); the culture is added here. The request token is the one per-person part: it is
/// left as a gap in the stored HTML and filled with each requester's own token.
public sealed class RenderedFragments(HtmlEncoder encoder) : IDisposable
{
    // The cache is bounded by what the stored HTML weighs, in characters (about 16 MB): room for the first pages of
    // every feed in both languages. When it is full, the entries used least recently make room, not everything.
    private const long MaxCharacters = 8 * 1024 * 1024;

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = MaxCharacters });

    // Whole sections (a post page's thread, kept per reader) apart, in half as much: one is as large as fifty cards,
    // and one person's reloads must not push out the cards everyone shares.
    private readonly MemoryCache _sections = new(new MemoryCacheOptions { SizeLimit = MaxCharacters / 2 });

    public Task<IHtmlContent> PartialAsync(IHtmlHelper html, string view, object model, object key) =>
        KeptAsync(_entries, html.ViewContext.HttpContext, view, key, () => html.PartialAsync(view, model));

    /// Markup built by code from many fragments (a post page's whole thread), kept under the caller's name for it.
    public Task<IHtmlContent> SectionAsync(HttpContext context, string name, object key, Func<Task<IHtmlContent>> render) =>
        KeptAsync(_sections, context, name, key, render);

    private async Task<IHtmlContent> KeptAsync(MemoryCache cache, HttpContext context, string name, object key, Func<Task<IHtmlContent>> render)
    {
        var entryKey = (name, CultureInfo.CurrentUICulture.Name, key);
        if (!cache.TryGetValue(entryKey, out string[]? parts) || parts is null)
        {
            using (RequestToken.Placeholder(context))
            {
                await using var writer = new StringWriter(CultureInfo.InvariantCulture);
                (await render()).WriteTo(writer, encoder);
                parts = writer.ToString().Split(RequestToken.Marker);
            }

            cache.Set(entryKey, parts, new MemoryCacheEntryOptions { Size = parts.Sum(p => (long)p.Length) });
        }

        return new Filled(parts, parts.Length > 1 ? RequestToken.Field(context) : null);
    }

    public void Dispose()
    {
        _entries.Dispose();
        _sections.Dispose();
    }

    private sealed class Filled(string[] parts, IHtmlContent? token) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            writer.Write(parts[0]);
            for (var i = 1; i < parts.Length; i++)
            {
                token!.WriteTo(writer, encoder);
                writer.Write(parts[i]);
            }
        }
    }
}
