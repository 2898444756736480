using System.Net;
using AngleSharp.Html.Dom;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Posts;

public sealed class PostingTests : AppFixture
{
    private Task<long> PostCountAsync(TestPerson author) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = author.Id });

    private async Task<(TestPerson Author, HttpClient Client)> AuthorAsync()
    {
        var author = await TestData.PersonAsync(App);
        return (author, await TestData.SignedInClientAsync(App, author));
    }

    private static Task<HttpResponseMessage> ArticleFormAsync(HttpClient client, string title, string body, Dictionary<string, string>? extra = null) =>
        TestData.PostFormAsync(client, "/posts/new", "/posts",
            new Dictionary<string, string>(extra ?? []) { ["kind"] = "article", ["title"] = title, ["body"] = body });

    [Test]
    public async Task A_micropostAppears_at_the_top_of_the_feed()
    {
        var (_, client) = await AuthorAsync();
        var text = TestData.Unique("Hallo");

        var id = await TestData.MicroAsync(client, text);

        var feed = await TestData.GetPageAsync(client, "/");
        var first = feed.QuerySelector("[data-feed] article[data-post-id]")!;
        Assert.That(first.GetAttribute("data-post-id"), Is.EqualTo(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(first.QuerySelector(".body")!.TextContent.Trim(), Is.EqualTo(text));
    }

    [Test]
    public async Task The_preview_shows_sanitized_html_and_stores_nothing()
    {
        var (author, client) = await AuthorAsync();
        const string body = "**fett** <script>alert(1)</script> [x](javascript:alert(1))";

        var response = await ArticleFormAsync(client, "Entwurf", body, new() { ["preview"] = "1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var page = await TestData.ParseAsync(response);
        var preview = page.QuerySelector("section.preview .prose")!;
        Assert.That(preview.QuerySelector("strong")?.TextContent, Is.EqualTo("fett"));
        Assert.That(preview.QuerySelectorAll("script, a"), Is.Empty);
        Assert.That(preview.TextContent, Does.Contain("<script>alert(1)</script>"));
        Assert.That(page.QuerySelector("textarea[name=body]")?.TextContent, Is.EqualTo(body));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_new_article_page_shows_its_title_and_rendered_body()
    {
        var (_, client) = await AuthorAsync();

        var id = await TestData.ArticleAsync(client, "Neues aus der IT", "## Abschnitt\n\nDas ist **wichtig**.");

        var page = await TestData.GetPageAsync(client, $"/posts/{id}");
        Assert.That(page.QuerySelector("h1.post-title")?.TextContent, Is.EqualTo("Neues aus der IT"));
        Assert.That(page.QuerySelector(".prose h2")?.TextContent, Is.EqualTo("Abschnitt"));
        Assert.That(page.QuerySelector(".prose strong")?.TextContent, Is.EqualTo("wichtig"));
    }

    [Test]
    public async Task A_new_article_stores_its_trimmed_markdown_source()
    {
        var (_, client) = await AuthorAsync();

        var id = await TestData.ArticleAsync(client, "  Titel  ", "\n  Text mit *Betonung*  \n");

        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT title || '|' || body_md FROM posts WHERE id = @id", new { id }), Is.EqualTo("Titel|Text mit *Betonung*"));
    }

    [TestCase("micro", null, 500)]
    [TestCase("article", 200, 40_000)]
    public async Task A_post_exactly_at_the_limits_is_accepted(string kind, int? titleLength, int bodyLength)
    {
        var (author, client) = await AuthorAsync();
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["body"] = new string('b', bodyLength) };
        if (titleLength is { } t)
        {
            fields["title"] = new string('t', t);
        }

        var response = await TestData.PostFormAsync(client, "/", "/posts", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await PostCountAsync(author), Is.EqualTo(1));
    }

    [TestCase("micro", "body", 501, "Text darf höchstens 500 Zeichen lang sein.")]
    [TestCase("article", "title", 201, "Titel darf höchstens 200 Zeichen lang sein.")]
    [TestCase("article", "body", 40_001, "Text darf höchstens 40000 Zeichen lang sein.")]
    public async Task A_field_over_its_limit_is_refused_with_the_limit_and_nothing_is_stored(string kind, string field, int length, string message)
    {
        var (author, client) = await AuthorAsync();
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["title"] = "Titel", ["body"] = "Text" };
        fields[field] = new string('x', length);

        var response = await TestData.PostFormAsync(client, "/", "/posts", fields);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo(message));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_refused_form_keeps_what_was_typed()
    {
        var (_, client) = await AuthorAsync();

        var response = await ArticleFormAsync(client, new string('x', 201), "Mein langer Text");

        var page = await TestData.ParseAsync(response);
        Assert.That(page.QuerySelector("textarea[name=body]")?.TextContent, Is.EqualTo("Mein langer Text"));
    }

    [Test]
    public async Task A_whitespace_only_title_is_refused_as_missing()
    {
        var (author, client) = await AuthorAsync();

        var response = await ArticleFormAsync(client, " \t  ", "Text");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("Titel ist erforderlich."));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    // The framework's form reader refuses NUL before the app sees the field, so the answer is the general
    // "bad request" page rather than a field message; what matters is 400, never 500, and nothing stored.
    [TestCase("article", "Titel", "Hallo\0<script>")]
    [TestCase("article", "x\0y", "Text")]
    [TestCase("micro", null, "Hallo\0Welt")]
    public async Task A_form_with_a_nul_character_is_refused_with_400_and_nothing_is_stored(string kind, string? title, string body)
    {
        var (author, client) = await AuthorAsync();
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["body"] = body };
        if (title is not null)
        {
            fields["title"] = title;
        }

        var response = await TestData.PostFormAsync(client, "/", "/posts", fields); // encodes NUL as %00

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await TestData.ParseAsync(response)).QuerySelector("main h1")?.TextContent, Is.EqualTo("Ungültige Anfrage"));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task Deeply_nested_markdown_is_refused_as_nested_too_deeply()
    {
        var (author, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/", "/posts",
            new() { ["kind"] = "article", ["title"] = "Tief", ["body"] = new string('>', 10_000) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("Der Text ist zu tief verschachtelt."));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_micropost_of_quote_markers_is_plain_text_not_nesting()
    {
        var (_, client) = await AuthorAsync();

        var id = await TestData.MicroAsync(client, new string('>', 500));

        var card = (await TestData.GetPageAsync(client, "/")).QuerySelector($"#post-{id} .body")!;
        Assert.That(card.QuerySelector("blockquote"), Is.Null);
        Assert.That(card.TextContent.Trim(), Is.EqualTo(new string('>', 500)));
    }

    [Test]
    public async Task A_deeply_nested_preview_is_refused_with_400()
    {
        var (_, client) = await AuthorAsync();

        var response = await ArticleFormAsync(client, "Tief", new string('>', 10_000), new() { ["preview"] = "1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_unknown_department_is_refused()
    {
        var (author, client) = await AuthorAsync();

        var response = await ArticleFormAsync(client, "Titel", "Text", new() { ["departmentId"] = "987654" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Is.EqualTo("Unbekannte Abteilung."));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [TestCase("abc")]
    [TestCase("1 OR 1=1")]
    [TestCase("99999999999999999999")]
    public async Task A_department_that_is_not_a_number_is_refused_not_read_as_everyone(string departmentId)
    {
        var (author, client) = await AuthorAsync();

        var response = await ArticleFormAsync(client, "Nur für eine Abteilung", "Text", new() { ["departmentId"] = departmentId });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_post_in_a_department_shows_the_department()
    {
        var (_, client) = await AuthorAsync();
        var name = TestData.Unique("Einkauf");
        var department = await TestData.DepartmentAsync(App, name);

        var id = await TestData.MicroAsync(client, "Für den Einkauf", department);

        IHtmlDocument page = await TestData.GetPageAsync(client, $"/posts/{id}");
        Assert.That(page.QuerySelector($".tags a[href='/departments/{department}']")?.TextContent, Is.EqualTo(name));
    }

    [TestCase("guide")]
    [TestCase("poem")]
    public async Task A_kind_other_than_article_or_micropost_is_refused(string kind)
    {
        var (author, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = kind, ["title"] = "Titel", ["body"] = "Text" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await PostCountAsync(author), Is.Zero);
    }

    [Test]
    public async Task A_refused_micropost_from_script_gets_problem_details_naming_the_field()
    {
        var (_, client) = await AuthorAsync();

        var response = await TestData.PostFormAsync(client, "/", "/posts", new() { ["kind"] = "micro", ["body"] = new string('x', 501) }, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("errors").GetProperty("Text")[0].GetString(), Is.EqualTo("Text darf höchstens 500 Zeichen lang sein."));
    }
}
