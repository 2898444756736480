using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// The toolbar's buttons are the layout's template, so their names are the server's words in the reader's language.
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

        var toolbar = ((IHtmlTemplateElement)page.QuerySelector("template#markdown-toolbar")!).Content.QuerySelector("[role=toolbar]")!;
        Assert.Multiple(() =>
        {
            Assert.That(toolbar.GetAttribute("aria-label"), Is.EqualTo(toolbarName));
            Assert.That(toolbar.QuerySelectorAll("button").Select(b => b.GetAttribute("aria-label")), Is.EqualTo(buttons));
            Assert.That(toolbar.QuerySelector("button[data-md=bold]")!.GetAttribute("title"), Is.EqualTo(boldTitle));
        });
    }
}
