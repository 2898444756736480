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

    // Whole sections (a post page's thread, a feed page's rows, kept per reader) apart, in half as much: one is as
    // large as twenty to fifty cards, and one person's reloads must not push out the cards everyone shares.
    private readonly MemoryCache _sections = new(new MemoryCacheOptions { SizeLimit = MaxCharacters / 2 });

    // A section is kept from its second showing on: most readings end at the next write before anyone reloads, and
    // keeping one costs a copy of the section that writing it straight to the response does not.
    private readonly MemoryCache _shownOnce = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<IHtmlContent> PartialAsync(IHtmlHelper html, string view, object model, object key)
    {
        var context = html.ViewContext.HttpContext;
        object entryKey = (view, CultureInfo.CurrentUICulture.Name, key);
        if (!_entries.TryGetValue(entryKey, out string[]? parts) || parts is null)
        {
            parts = await KeepPartialAsync(html, view, model, entryKey);
        }

        return Filled.With(parts, context);
    }

    // Apart, so that a lookup that finds the card allocates no closure.
    private Task<string[]> KeepPartialAsync(IHtmlHelper html, string view, object model, object entryKey) =>
        KeepAsync(_entries, html.ViewContext.HttpContext, entryKey, () => html.PartialAsync(view, model));

    /// Markup made of many fragments (a post page's thread, a feed page's rows), kept under the caller's name for it
    /// once it is shown a second time under the same key; without a key (nothing it shows is a kept reading's) it is
    /// written straight out.
    public async Task<IHtmlContent> SectionAsync(HttpContext context, string name, object? key, Func<Task<IHtmlContent>> render)
    {
        if (key is null)
        {
            return await render();
        }

        object entryKey = (name, CultureInfo.CurrentUICulture.Name, key);
        if (_sections.TryGetValue(entryKey, out string[]? parts) && parts is not null)
        {
            return Filled.With(parts, context);
        }

        if (_shownOnce.TryGetValue(entryKey, out _))
        {
            return Filled.With(await KeepAsync(_sections, context, entryKey, render), context);
        }

        _shownOnce.Set(entryKey, true, new MemoryCacheEntryOptions { Size = 1 });
        return await render();
    }

    /// Renders with the request token's place marked, and keeps the markup split at those places.
    private async Task<string[]> KeepAsync(MemoryCache cache, HttpContext context, object entryKey, Func<Task<IHtmlContent>> render)
    {
        string[] parts;
        using (RequestToken.Placeholder(context))
        {
            await using var writer = new StringWriter(CultureInfo.InvariantCulture);
            (await render()).WriteTo(writer, encoder);
            parts = writer.ToString().Split(RequestToken.Marker);
        }

        // Nothing shown (a post without comments), nothing kept: an entry of size 0 would not count against the bound.
        if (parts is not [""])
        {
            cache.Set(entryKey, parts, new MemoryCacheEntryOptions { Size = parts.Sum(p => (long)p.Length) });
        }

        return parts;
    }

    public void Dispose()
    {
        _entries.Dispose();
        _sections.Dispose();
        _shownOnce.Dispose();
    }

    private sealed class Filled(string[] parts, IHtmlContent? token) : IHtmlContent
    {
        public static Filled With(string[] parts, HttpContext context) => new(parts, parts.Length > 1 ? RequestToken.Field(context) : null);

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
