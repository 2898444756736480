using System.Net;
using System.Xml.Linq;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.AtomFeeds;

/// A person's feed addresses, made through their feeds page, and feeds read as a feed reader does: no cookie.
public static class Atom
{
    public static readonly XNamespace Ns = "http://www.w3.org/2005/Atom";

    /// The addresses on the person's feeds page (made with its button first), as paths with their token.
    public static async Task<IReadOnlyList<(string Label, string Path)>> AddressesAsync(HttpClient person)
    {
        var page = await TestData.GetPageAsync(person, "/feeds");
        if (page.QuerySelector(".feed-links") is null)
        {
            var made = await TestData.PostFormAsync(person, "/feeds", "/feeds/renew", []);
            Assert.That(made.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            page = await TestData.GetPageAsync(person, "/feeds");
        }

        return page.QuerySelectorAll(".feed-links li")
            .Select(li => (li.QuerySelector("label")!.TextContent.Trim(), new Uri(li.QuerySelector("input")!.GetAttribute("value")!).PathAndQuery))
            .ToList();
    }

    public static async Task<XDocument> ReadAsync(BlogAppFactory app, string path)
    {
        var reader = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var response = await reader.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/atom+xml"));
        Assert.That(response.Headers.CacheControl!.NoStore, Is.True);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    public static async Task<HttpStatusCode> StatusAsync(BlogAppFactory app, string path) =>
        (await app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).GetAsync(path)).StatusCode;

    public static IReadOnlyList<string> Titles(XDocument feed) =>
        feed.Root!.Elements(Ns + "entry").Select(e => e.Element(Ns + "title")!.Value).ToList();

    public static string Token(string path) => path.Split("token=")[1];
}
