using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Intranet.Blog.Infrastructure.Web;

/// Cards rendered once and written again while nothing they show has changed. A feed page shows the same twenty
/// cards to everyone, and rendering them through partials was about half of its cost.
/// The caller's key holds everything the partial shows (a changed count, name or relative time is another key, so a
/// stale card is never served); the culture is added here. The request token is the one per-person part: it is
/// left as a gap in the stored HTML and filled with each requester's own token.
public sealed class RenderedFragments(HtmlEncoder encoder)
{
    // Enough for the first pages of every feed in both cultures; past it everything starts over, which costs one
    // render per card and keeps memory bounded without bookkeeping per entry.
    private const int MaxEntries = 2048;

    private readonly ConcurrentDictionary<(string View, string Culture, object Key), string[]> _entries = new();

    public async Task<IHtmlContent> PartialAsync(IHtmlHelper html, string view, object model, object key)
    {
        var context = html.ViewContext.HttpContext;
        var entryKey = (view, CultureInfo.CurrentUICulture.Name, key);
        if (!_entries.TryGetValue(entryKey, out var parts))
        {
            using (RequestToken.Placeholder(context))
            {
                await using var writer = new StringWriter(CultureInfo.InvariantCulture);
                (await html.PartialAsync(view, model)).WriteTo(writer, encoder);
                parts = writer.ToString().Split(RequestToken.Marker);
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[entryKey] = parts;
        }

        return new Filled(parts, parts.Length > 1 ? RequestToken.Field(context) : null);
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
