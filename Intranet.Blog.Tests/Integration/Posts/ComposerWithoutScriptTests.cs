using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

/// What a person without script gets when a post or comment is refused: the form again with everything typed, the
/// reason next to the field it is about (and tied to it for screen readers), and for a micropost that grew too long
/// the way on to the article editor, text and place included.
public sealed class ComposerWithoutScriptTests : AppFixture
{
    private static readonly string LongText = string.Concat(Enumerable.Range(0, 90).Select(i => $"Zeile{i,3}. ")); // 900 characters

    private async Task<(TestPerson Author, HttpClient Client)> AuthorAsync()
    {
        var author = await TestData.PersonAsync(App);
        return (author, await TestData.SignedInClientAsync(App, author));
    }

    private Task<long> PostCountAsync(TestPerson author) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = author.Id });

    /// The message right after the field, named by the field's aria-describedby, the field marked invalid.
    private static string FieldError(IHtmlDocument page, string fieldSelector)
    {
        var field = page.QuerySelector(fieldSelector) ?? throw new AssertionException($"No {fieldSelector} on the page");
        var error = field.NextElementSibling;
        Assert.Multiple(() =>
        {
            Assert.That(error?.ClassList.Contains("field-error"), Is.True, $"the element after {fieldSelector}: {error?.OuterHtml}");
            Assert.That(field.GetAttribute("aria-invalid"), Is.EqualTo("true"));
            Assert.That((field.GetAttribute("aria-describedby") ?? "").Split(' '), Does.Contain(error?.Id));
        });
        return error!.TextContent.Trim();
    }

    [Test]
    public async Task An_over_long_micropost_comes_back_whole_with_the_reason_at_the_text_and_the_offer_to_continue_as_an_article()
    {
        var (author, client) = await AuthorAsync();
        Assert.That(LongText, Has.Length.EqualTo(900));

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = LongText });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo(LongText));
        Assert.That(page.QuerySelector("textarea[name=body]")!.HasAttribute("maxlength"), Is.False, "nothing cuts the text off");
        Assert.That(FieldError(page, "textarea[name=body]"), Is.EqualTo("Text darf höchstens 500 Zeichen lang sein."));
        var offer = page.QuerySelector("button[data-as-article]");
        Assert.That(offer, Is.Not.Null, "the article editor is offered");
        Assert.Multiple(() =>
        {
            Assert.That(offer!.TextContent.Trim(), Is.EqualTo("Als Artikel fortsetzen"));
            Assert.That(offer.HasAttribute("hidden"), Is.False, "shown without script");
            Assert.That(offer.GetAttribute("formaction"), Is.EqualTo("/posts/as-article"));
            Assert.That(((IHtmlButtonElement)offer).Form, Is.SameAs(page.QuerySelector("textarea[name=body]")!.Closest("form")), "it sends the text of this form");
        });
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_micropost_within_its_limit_refused_for_another_reason_offers_no_article()
    {
        var (_, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = "Hallo", ["departmentId"] = "987654321" });

        var page = await TestData.ParseAsync(response);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(FieldError(page, "select[name=departmentId]"), Is.EqualTo("Unbekannte Abteilung."));
        Assert.That(page.QuerySelector("button[data-as-article]")?.HasAttribute("hidden"), Is.True);
    }

    [Test]
    public async Task Continuing_as_an_article_opens_the_article_editor_with_the_text_and_department_and_saves_nothing()
    {
        var (author, client) = await AuthorAsync();
        var department = await TestData.DepartmentAsync(App);
        var id = department.ToString(CultureInfo.InvariantCulture);

        var response = await TestData.PostFormAsync(client, "/", "/posts/as-article", new() { ["kind"] = "micro", ["body"] = LongText, ["departmentId"] = id });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestData.ParseAsync(response);
        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Artikel schreiben"));
            Assert.That(page.QuerySelector("form.editor")!.GetAttribute("action"), Is.EqualTo("/posts"));
            Assert.That(page.QuerySelector("input[name=kind]")!.GetAttribute("value"), Is.EqualTo("article"));
            Assert.That(page.QuerySelector("input[name=title]"), Is.Not.Null);
            Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo(LongText));
            Assert.That(page.QuerySelector("select[name=departmentId] option[selected]")?.GetAttribute("value"), Is.EqualTo(id));
            Assert.That(page.QuerySelectorAll(".errors, .field-error"), Is.Empty, "nothing is wrong yet");
            Assert.That(page.QuerySelector("button[data-as-article]"), Is.Null);
        });
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task An_empty_micropost_comes_back_with_the_reason_at_the_text()
    {
        var (author, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = "  \n " });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(FieldError(await TestData.ParseAsync(response), "textarea[name=body]"), Is.EqualTo("Text ist erforderlich."));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_refused_article_shows_each_reason_at_its_own_field_and_keeps_the_rest()
    {
        var (_, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/posts/new", "/posts", new() { ["kind"] = "article", ["title"] = " ", ["body"] = "Mein Text" });

        var page = await TestData.ParseAsync(response);
        Assert.That(FieldError(page, "input[name=title]"), Is.EqualTo("Titel ist erforderlich."));
        Assert.That(page.QuerySelector("textarea[name=body]")!.HasAttribute("aria-invalid"), Is.False);
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo("Mein Text"));
        Assert.That(page.QuerySelector("textarea[name=body]")!.HasAttribute("aria-describedby"), Is.False, "no empty reference");
    }

    [Test]
    public async Task A_refused_comment_comes_back_with_the_reason_at_the_text()
    {
        var (_, client) = await AuthorAsync();
        var postId = await TestData.MicroAsync(client, TestData.Unique("Zum Kommentieren"));
        var text = new string('k', 5_001);

        var response = await TestData.PostFormAsync(client, $"/posts/{postId}", $"/posts/{postId}/comments", new() { ["body"] = text });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo(text));
        Assert.That(FieldError(page, "textarea[name=body]"), Is.EqualTo("Kommentar darf höchstens 5000 Zeichen lang sein."));
    }

    [Test]
    public async Task A_refused_post_in_english_says_so_in_english_at_the_text()
    {
        var (_, client) = await AuthorAsync();
        var chosen = await TestData.PostFormAsync(client, "/", "/account/language", new() { ["locale"] = "en", ["returnUrl"] = "/" });
        Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = LongText });

        var page = await TestData.ParseAsync(response);
        Assert.That(FieldError(page, "textarea[name=body]"), Is.EqualTo("Text must be at most 500 characters."));
        Assert.That(page.QuerySelector("button[data-as-article]")!.TextContent.Trim(), Is.EqualTo("Continue as an article"));
    }

    /// A browser cuts off what is typed or pasted past maxlength without a word, so no Markdown box has one.
    [Test]
    public async Task No_markdown_box_cuts_text_off()
    {
        var (_, client) = await AuthorAsync();
        var postId = await TestData.MicroAsync(client, TestData.Unique("Mit Kommentarfeld"));

        foreach (var url in new[] { "/", "/posts/new", $"/posts/{postId}", $"/posts/{postId}/edit" })
        {
            var page = await TestData.GetPageAsync(client, url);
            var boxes = page.QuerySelectorAll("textarea[data-markdown]");
            Assert.That(boxes, Is.Not.Empty, url);
            Assert.That(boxes.Where(b => b.HasAttribute("maxlength")).Select(b => b.Id), Is.Empty, url);
        }
    }
}
