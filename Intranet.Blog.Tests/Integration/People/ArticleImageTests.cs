using System.Net;
using System.Text.Json;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

public sealed class ArticleImageTests : AppFixture
{
    [Test]
    public async Task An_uploaded_image_answers_url_and_markdown_and_renders_in_an_article()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var image = Images.Png(4, 3);

        var response = await Uploads.PostMultipartAsync(client, "/posts/new", "/uploads", new() { ["description"] = "Unser [Team] im Büro" },
            "image", new UploadFile("team.png", image, "image/png"), "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = json.RootElement.GetProperty("url").GetString()!;
        var markdown = json.RootElement.GetProperty("markdown").GetString()!;
        Assert.That(url, Does.Match("^/uploads/[0-9a-f]{32}\\.png$"));
        Assert.That(markdown, Is.EqualTo($"![Unser Team im Büro]({url})"));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT purpose FROM uploads WHERE name = @name", new { name = url[9..] }), Is.EqualTo("article"));
        Assert.That(await (await client.GetAsync(url)).Content.ReadAsByteArrayAsync(), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(Uploads.Directory(App), url[9..]))));

        var post = await TestData.ArticleAsync(client, TestData.Unique("Bilder"), "Vorher\n\n" + markdown + "\n\nNachher");
        var page = await TestData.GetPageAsync(client, $"/posts/{post}");
        var img = page.QuerySelector(".prose img")!;
        Assert.That(img.GetAttribute("src"), Is.EqualTo(url));
        Assert.That(img.GetAttribute("alt"), Is.EqualTo("Unser Team im Büro"));
    }

    [Test]
    public async Task Without_javascript_the_upload_page_shows_the_markdown_to_copy()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var form = await TestData.GetPageAsync(client, "/uploads/new");
        Assert.That(form.QuerySelector("form[action='/uploads'][enctype='multipart/form-data'] input[type=file][name=image]"), Is.Not.Null);

        var response = await Uploads.PostMultipartAsync(client, "/uploads/new", "/uploads", new() { ["description"] = "" },
            "image", new UploadFile("foto.jpg", Images.Jpeg(), "image/jpeg"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var snippet = (await TestData.ParseAsync(response)).QuerySelector("input.snippet")!.GetAttribute("value");
        Assert.That(snippet, Does.Match("^!\\[Bild\\]\\(/uploads/[0-9a-f]{32}\\.jpg\\)$"));
    }

    [Test]
    public async Task A_refused_article_image_answers_the_error_as_json_and_stores_nothing()
    {
        var me = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, me);
        var files = Uploads.FileCount(App);

        var response = await Uploads.PostMultipartAsync(client, "/posts/new", "/uploads", [], "image",
            new UploadFile("bild.png", Images.WithTrailing(Images.Jpeg()), "image/png"), "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("PNG"));
        Assert.That(await Uploads.RowCountAsync(App, me.Id), Is.Zero);
        Assert.That(Uploads.FileCount(App), Is.EqualTo(files));
    }

    [Test]
    public async Task The_article_editor_offers_to_insert_an_image()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var page = await TestData.GetPageAsync(client, "/posts/new");
        var toolbar = (await Intranet.Blog.Tests.Integration.Posts.MarkdownToolbarTemplateTests.ToolbarAsync(client, page)).Content;
        Assert.That(toolbar.QuerySelector("button[data-md=image]")?.GetAttribute("aria-label"), Is.EqualTo("Bild einfügen"));
        Assert.That(page.QuerySelector("script[src^='/js/toolbar.js']"), Is.Not.Null);
        Assert.That(page.QuerySelector("[data-image-link] a[href='/uploads/new']"), Is.Not.Null, "without script");
    }

    [TestCase("0123456789abcdef0123456789abcdef.png")]
    [TestCase("..%2Fintranet.db")]
    [TestCase("intranet.db")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF.png")]
    public async Task Unknown_or_malformed_names_are_not_found(string name)
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        Assert.That((await client.GetAsync($"/uploads/{name}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Uploaded_images_are_for_signed_in_people_only()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var response = await Uploads.PostMultipartAsync(client, "/posts/new", "/uploads", [], "image", new UploadFile("a.png", Images.Png()), "application/json");
        var url = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;

        var anonymous = await App.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }
}
