using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// The toolbar's buttons are a template the server renders, so their names are the server's words in the reader's
/// language; pages name its address instead of carrying it (bench/README.md, "Bytes on the wire").
public sealed class MarkdownToolbarTemplateTests : AppFixture
{
    [TestCase("de", "Formatierung", new[] { "Fett", "Kursiv", "Überschrift", "Aufzählung", "Nummerierte Liste", "Aufgabenliste", "Link", "Zitat", "Code", "Bild einfügen" }, "Fett (Strg+B)")]
    [TestCase("en", "Formatting", new[] { "Bold", "Italic", "Heading", "Bulleted list", "Numbered list", "Task list", "Link", "Quote", "Code", "Insert image" }, "Bold (Ctrl+B)")]
    public async Task Every_button_is_named_in_the_readers_language(string locale, string toolbarName, string[] buttons, string boldTitle)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var chosen = await TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = locale, ["returnUrl"] = "/" });
        Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await TestData.GetPageAsync(client, "/posts/new");

        var toolbar = (await ToolbarAsync(client, page)).Content.QuerySelector("[role=toolbar]")!;
        Assert.Multiple(() =>
        {
            Assert.That(toolbar.GetAttribute("aria-label"), Is.EqualTo(toolbarName));
            Assert.That(toolbar.QuerySelectorAll("button").Select(b => b.GetAttribute("aria-label")), Is.EqualTo(buttons));
            Assert.That(toolbar.QuerySelector("button[data-md=bold]")!.GetAttribute("title"), Is.EqualTo(boldTitle));
        });
    }

    [Test]
    public async Task Pages_name_the_toolbar_by_a_version_that_the_browser_may_keep_and_that_changes_with_the_language()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var german = Address(await TestData.GetPageAsync(client, "/"));
        Assert.That((await TestData.GetPageAsync(client, "/")).QuerySelector("template#markdown-toolbar"), Is.Null, "not on the page itself");

        var response = await client.GetAsync(german);
        await TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = "en", ["returnUrl"] = "/" });
        var english = Address(await TestData.GetPageAsync(client, "/"));
        var unversioned = await client.GetAsync("/markdown-toolbar");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.ToString(), Does.Contain("immutable"));
        Assert.That(english, Is.Not.EqualTo(german));
        Assert.That(unversioned.Headers.CacheControl?.MaxAge, Is.Null, "an address without the current version is not kept");
    }

    private static string Address(IHtmlDocument page) =>
        page.QuerySelector("meta[name=markdown-toolbar]")?.GetAttribute("content") ?? throw new AssertionException("the page names no toolbar");

    /// The toolbar as toolbar.js receives it: from the address the page names.
    public static async Task<IHtmlTemplateElement> ToolbarAsync(HttpClient client, IHtmlDocument page)
    {
        var html = await client.GetStringAsync(Address(page));
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        return (IHtmlTemplateElement)document.QuerySelector("template#markdown-toolbar")!;
    }
}
