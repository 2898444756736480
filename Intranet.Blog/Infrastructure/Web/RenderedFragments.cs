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

    public async Task<IHtmlContent> PartialAsync(IHtmlHelper html, string view, object model, object key)
    {
        var context = html.ViewContext.HttpContext;
        var entryKey = (view, CultureInfo.CurrentUICulture.Name, key);
        if (!_entries.TryGetValue(entryKey, out string[]? parts) || parts is null)
        {
            using (RequestToken.Placeholder(context))
            {
                await using var writer = new StringWriter(CultureInfo.InvariantCulture);
                (await html.PartialAsync(view, model)).WriteTo(writer, encoder);
                parts = writer.ToString().Split(RequestToken.Marker);
            }

            _entries.Set(entryKey, parts, new MemoryCacheEntryOptions { Size = parts.Sum(p => (long)p.Length) });
        }

        return new Filled(parts, parts.Length > 1 ? RequestToken.Field(context) : null);
    }

    public void Dispose() => _entries.Dispose();

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
