using System.Text;
using System.Text.RegularExpressions;

namespace Bench.Runner;

/// Bytes on the wire (issue 24): what one feed page weighs as the measured person receives it, uncompressed (pages are
/// never compressed: bench/README.md), split into its cards and the rest of the page.
public static partial class PageBytes
{
    public static async Task<string> FeedAsync(Uri address, Session session)
    {
        var body = await FrontPageAsync(address, session);
        var cards = Card().Matches(Encoding.UTF8.GetString(body)).Select(m => Encoding.UTF8.GetByteCount(m.Value)).ToList();
        var perCard = cards.Count == 0 ? 0 : cards.Sum() / cards.Count;
        return $"{body.Length / 1024.0:N1} KB of HTML, {cards.Count} cards of {perCard:N0} B each, {(body.Length - cards.Sum()) / 1024.0:N1} KB around them";
    }

    /// The bytes of one page as the person receives it.
    public static async Task<int> LengthAsync(Uri url, Session session)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var response = await http.SendAsync(session.Request(HttpMethod.Get, url.AbsoluteUri));
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// The feed's "load more" place on its first page: the newest post's id, near enough, to spread places from.
    public static async Task<long> FirstCursorAsync(Uri address, Session session)
    {
        var page = Encoding.UTF8.GetString(await FrontPageAsync(address, session));
        return long.Parse(Cursor().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// The feed's first page as the person receives it.
    private static async Task<byte[]> FrontPageAsync(Uri address, Session session)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        using var response = await http.SendAsync(session.Request(HttpMethod.Get, "/"));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [GeneratedRegex("before=(\\d+)")]
    private static partial Regex Cursor();

    // Cards never nest, so the first closing tag after an opening one ends it.
    [GeneratedRegex("<article class=\"card .*?</article>", RegexOptions.Singleline)]
    private static partial Regex Card();
}
