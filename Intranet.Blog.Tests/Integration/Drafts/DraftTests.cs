using System.Net;
using System.Text.Json;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.DraftForms;

namespace Intranet.Blog.Tests.Integration.Drafts;

/// Drafts are their author's and their co-authors' alone until published: no page, list, search, topic, notification,
/// live event or endpoint shows them to anyone else. Co-authors edit, only the author publishes.
public sealed class DraftTests : AppFixture
{
    private static string Word(string prefix) => prefix + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal)[1..];

    private async Task<(TestPerson Person, HttpClient Client)> PersonAsync(long? department = null)
    {
        var person = await TestData.PersonAsync(App, departmentId: department);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    /// Every place a post could show up for a colleague: feeds, profile, department, topic, guides, search, the
    /// notifications and the live log.
    private static string[] Places(long authorId, long department, string topic, string word) =>
    [
        "/", "/?kind=article", "/?following=true", $"/people/{Id(authorId)}", $"/departments/{Id(department)}", $"/topics/{topic.ToLowerInvariant()}",
        "/guides", "/search?q=" + word, "/search/suggest?q=" + word,
        "/notifications", "/live/events?after=0", $"/feed/more?before={long.MaxValue}", "/drafts",
    ];

    [Test]
    public async Task A_draft_shows_nowhere_for_others_until_its_author_publishes_it()
    {
        var department = await TestData.DepartmentAsync(App);
        var (author, authorClient) = await PersonAsync(department);
        var (reader, readerClient) = await PersonAsync(department);
        var (helper, helperClient) = await PersonAsync();
        await TestData.PostFormAsync(readerClient, "/", "/follows", new() { ["kind"] = "person", ["id"] = Id(author.Id), ["follow"] = "true" });
        var word = Word("Entwurfswort");
        var topic = Word("Entwurfsthema");
        var body = $"Geheimer {word} für @{await HandleAsync(App, reader)} #{topic}";
        var form = Form($"Titel {word}", body, "@" + await HandleAsync(App, helper));
        form["departmentId"] = Id(department);
        var created = await TestData.PostFormAsync(authorClient, "/posts/new", "/drafts", form);
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var id = long.Parse(created.Headers.Location!.OriginalString.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);

        foreach (var url in Places(author.Id, department, topic, word))
        {
            var response = await readerClient.GetAsync(url);
            // The search pages repeat the word searched for: what must not show is the draft's title or text.
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain("Titel " + word).And.Not.Contain("Geheimer " + word), $"GET {url} shows the draft to a colleague");
        }

        Assert.That((await readerClient.GetAsync($"/drafts/{Id(id)}/edit")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await PostAsync(readerClient, id, "", form)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor saved over");
        Assert.That((await PostAsync(readerClient, id, "/publish", form)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nor published");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE body_md LIKE @w", new { w = $"%{word}%" }), Is.Zero, "no post exists yet");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM notifications WHERE recipient_id = @Id", reader), Is.Zero, "neither mention nor follow notifies");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM tags WHERE key = @k", new { k = topic.ToLowerInvariant() }), Is.Zero, "the topic is not counted");
        Assert.That((await TestData.GetPageAsync(authorClient, "/drafts")).QuerySelector("main")!.TextContent, Does.Contain(word), "the author's list has it");
        Assert.That((await TestData.GetPageAsync(helperClient, "/drafts")).QuerySelector("main")!.TextContent, Does.Contain(word), "the co-author's list has it");

        var published = await PostAsync(authorClient, id, "/publish", form);

        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var postId = long.Parse(published.Headers.Location!.OriginalString.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That((await readerClient.GetStringAsync("/")), Does.Contain(word), "in the feed now");
        Assert.That(await readerClient.GetStringAsync("/search?q=" + word), Does.Contain($"data-post-id=\"{Id(postId)}\""), "found now");
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT string_agg(kind, ',' ORDER BY kind) FROM notifications WHERE recipient_id = @Id", reader),
            Does.Contain("mention"), "notified as if just written");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM drafts WHERE id = @id", new { id }), Is.Zero, "the draft became the post");
        Assert.That((await authorClient.GetAsync($"/drafts/{Id(id)}/edit")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_co_author_edits_the_draft_but_cannot_schedule_publish_delete_or_change_who_helps()
    {
        var (author, authorClient) = await PersonAsync();
        var (helper, helperClient) = await PersonAsync();
        var (other, _) = await PersonAsync();
        var word = Word("Gemeinsam");
        var id = await NewAsync(authorClient, $"Plan {word}", "Erste Fassung", "@" + await HandleAsync(App, helper));

        var editor = await TestData.GetPageAsync(helperClient, $"/drafts/{Id(id)}/edit");
        Assert.That(editor.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo("Erste Fassung"));
        Assert.That(editor.QuerySelector($"button[formaction='/drafts/{Id(id)}/publish']"), Is.Null, "no publish button for a co-author");
        Assert.That(editor.QuerySelector("input[name=coAuthors]"), Is.Null);

        var saved = await PostAsync(helperClient, id, "", Form($"Plan {word}", "Zweite Fassung", "@" + await HandleAsync(App, other)));

        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM drafts WHERE id = @id", new { id }), Is.EqualTo("Zweite Fassung"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT updated_by FROM drafts WHERE id = @id", new { id }), Is.EqualTo(helper.Id));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT string_agg(CAST(user_id AS TEXT), ',' ORDER BY user_id) FROM draft_coauthors WHERE draft_id = @id", new { id }), Is.EqualTo(Id(helper.Id)),
            "a co-author does not name others");
        var later = Local(DateTimeOffset.UtcNow.AddDays(2));
        foreach (var action in new[] { "/publish", "/schedule" })
        {
            Assert.That((await PostAsync(helperClient, id, action, Form($"Plan {word}", "Dritte Fassung", publishAt: later))).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden), action);
        }

        foreach (var action in new[] { "/delete", "/unschedule" })
        {
            Assert.That((await PostAsync(helperClient, id, action, [])).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), action);
        }

        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md || ' ' || COALESCE(CAST(publish_at AS TEXT), 'none') FROM drafts WHERE id = @id", new { id }),
            Is.EqualTo("Zweite Fassung none"), "nothing of the refused requests was written");
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE title = @t", new { t = $"Plan {word}" }), Is.Zero);
        Assert.That(author.Id, Is.Not.EqualTo(helper.Id));
    }

    [Test]
    public async Task A_co_author_cannot_change_a_scheduled_draft_that_goes_out_in_the_authors_name()
    {
        var (_, authorClient) = await PersonAsync();
        var (helper, helperClient) = await PersonAsync();
        var word = Word("Geplant");
        var helpers = "@" + await HandleAsync(App, helper);
        var id = await NewAsync(authorClient, $"Plan {word}", "Vom Autor freigegeben", helpers);
        var later = Local(DateTimeOffset.UtcNow.AddDays(2));
        Assert.That((await PostAsync(authorClient, id, "/schedule", Form($"Plan {word}", "Vom Autor freigegeben", helpers, publishAt: later))).StatusCode,
            Is.EqualTo(HttpStatusCode.Redirect));

        var autosave = await PostAsync(helperClient, id, "", Form($"Plan {word}", "Heimlich geändert"), "application/json");
        var byButton = await PostAsync(helperClient, id, "", Form($"Plan {word}", "Heimlich geändert"));

        Assert.That(autosave.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await autosave.Content.ReadAsStringAsync(), Does.Contain("nur"), "the autosave line says why");
        Assert.That(byButton.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(byButton)), Does.Contain("geplant"));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM drafts WHERE id = @id", new { id }), Is.EqualTo("Vom Autor freigegeben"));

        Assert.That((await PostAsync(authorClient, id, "/unschedule", [])).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await PostAsync(helperClient, id, "", Form($"Plan {word}", "Jetzt darf ich"))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect),
            "a draft again: the co-author edits as before");
    }

    [Test]
    public async Task Autosave_creates_the_draft_once_then_saves_over_it_and_answers_in_json()
    {
        var (author, client) = await PersonAsync();
        var word = Word("Autosave");

        var first = await TestData.PostFormAsync(client, "/posts/new", "/drafts", Form("", $"Anfang {word}"), "application/json");

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), "an unfinished article is a draft: no title yet");
        using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.That(json.RootElement.GetProperty("editUrl").GetString(), Is.EqualTo($"/drafts/{Id(id)}/edit"));
        Assert.That(json.RootElement.GetProperty("saveUrl").GetString(), Is.EqualTo($"/drafts/{Id(id)}"));
        Assert.That(json.RootElement.GetProperty("publishUrl").GetString(), Is.EqualTo($"/drafts/{Id(id)}/publish"));

        var second = await PostAsync(client, id, "", Form("Titel", $"Anfang {word} und mehr"), "application/json");

        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT title || '|' || body_md FROM drafts WHERE author_id = @Id", author), Is.EqualTo($"Titel|Anfang {word} und mehr"),
            "one draft, saved over");
        var page = await TestData.GetPageAsync(client, $"/drafts/{Id(id)}/edit");
        Assert.That(page.QuerySelector("textarea[name=body]")!.TextContent, Is.EqualTo($"Anfang {word} und mehr"), "a reload shows what was saved");
        Assert.That(page.QuerySelector("form[data-autosave]")!.GetAttribute("data-autosave"), Is.EqualTo($"/drafts/{Id(id)}"));

        var tooLong = await PostAsync(client, id, "", Form("Titel", new string('x', 40_001)), "application/json");

        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tooLong.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM drafts WHERE id = @id", new { id }), Is.EqualTo($"Anfang {word} und mehr"), "nothing half-written");
    }

    [Test]
    public async Task Without_script_the_save_button_keeps_the_draft_and_the_editor_offers_it()
    {
        var (_, client) = await PersonAsync();
        var editor = await TestData.GetPageAsync(client, "/posts/new");
        Assert.That(editor.QuerySelector("button[formaction='/drafts']")!.TextContent.Trim(), Is.EqualTo("Als Entwurf speichern"));

        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts", Form("Ohne Skript", "Text ohne Skript"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await TestData.GetPageAsync(client, response.Headers.Location!.OriginalString);
        Assert.That(page.QuerySelector("input[name=title]")!.GetAttribute("value"), Is.EqualTo("Ohne Skript"));
        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo("Entwurf bearbeiten"));
    }

    [Test]
    public async Task The_author_deletes_a_draft()
    {
        var (_, client) = await PersonAsync();
        var id = await NewAsync(client, "Weg damit", "Text");

        var response = await PostAsync(client, id, "/delete", []);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM drafts WHERE id = @id", new { id }), Is.Zero);
    }
}
