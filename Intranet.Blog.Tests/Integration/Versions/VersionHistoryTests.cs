using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Versions;

public sealed class VersionHistoryTests : AppFixture
{
    private static Task<HttpResponseMessage> EditAsync(HttpClient client, long id, string title, string body, long? departmentId = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = "article", ["title"] = title, ["body"] = body };
        if (departmentId is { } d)
        {
            fields["departmentId"] = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TestData.PostFormAsync(client, $"/posts/{id}/edit", $"/posts/{id}/edit", fields);
    }

    [Test]
    public async Task Every_edit_keeps_the_text_it_replaced_with_who_wrote_it()
    {
        var author = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, author);
        var id = await TestData.ArticleAsync(client, "Rundschreiben", "Die Kantine schließt um 14 Uhr.");

        await EditAsync(client, id, "Rundschreiben", "Die Kantine schließt um 15 Uhr.");
        await EditAsync(client, id, "Rundschreiben (neu)", "Die Kantine schließt um 16 Uhr.");

        var kept = await TestData.ScalarAsync<string>(App,
            "SELECT string_agg(CAST(number AS TEXT) || ':' || body_md || ':' || CAST(written_by AS TEXT), '|' ORDER BY number) FROM post_versions WHERE post_id = @id", new { id });
        Assert.That(kept, Is.EqualTo($"1:Die Kantine schließt um 14 Uhr.:{author.Id}|2:Die Kantine schließt um 15 Uhr.:{author.Id}"));
    }

    [Test]
    public async Task Anyone_who_sees_the_post_sees_the_word_by_word_changes()
    {
        using var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await TestData.ArticleAsync(author, "Öffnungszeiten", "Die Kantine schließt um 14 Uhr.");
        await EditAsync(author, id, "Öffnungszeiten", "Die Kantine schließt um 15 Uhr.");
        using var reader = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(reader, $"/posts/{id}/history");

        var diff = page.QuerySelector("[data-diff]")!;
        Assert.That(diff.QuerySelector("del")?.TextContent, Is.EqualTo("14"));
        Assert.That(diff.QuerySelector("ins")?.TextContent, Is.EqualTo("15"));
        Assert.That(diff.TextContent, Does.StartWith("Die Kantine schließt um "));
        Assert.That(page.QuerySelectorAll(".version-list li"), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task Two_chosen_versions_are_compared_and_the_text_is_escaped()
    {
        using var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await TestData.ArticleAsync(author, "Titel", "eins");
        await EditAsync(author, id, "Titel", "zwei <script>alert(1)</script>");
        await EditAsync(author, id, "Titel", "drei");

        var page = await TestData.GetPageAsync(author, $"/posts/{id}/history?from=1&to=2");

        Assert.That(page.QuerySelector("[data-diff] del")?.TextContent, Is.EqualTo("eins"));
        Assert.That(page.QuerySelector("[data-diff] ins")?.TextContent, Is.EqualTo("zwei <script>alert(1)</script>"));
        Assert.That(page.QuerySelector("[data-diff] script"), Is.Null);
        SafeHtml.AssertSafe(page, "history");
    }

    [Test]
    public async Task The_edited_mark_on_the_card_and_the_page_links_to_the_history()
    {
        var person = await TestData.PersonAsync(App);
        using var author = await TestData.SignedInClientAsync(App, person);
        var id = await TestData.ArticleAsync(author, "Mit Verlauf", "alt");
        await EditAsync(author, id, "Mit Verlauf", "neu");

        var feed = await TestData.GetPageAsync(author, $"/?author={person.Id}");
        var page = await TestData.GetPageAsync(author, $"/posts/{id}");

        Assert.That(feed.QuerySelector($"#post-{id} .edited a")?.GetAttribute("href"), Is.EqualTo($"/posts/{id}/history"));
        Assert.That(page.QuerySelector(".post-page .edited a")?.GetAttribute("href"), Is.EqualTo($"/posts/{id}/history"));
    }

    [Test]
    public async Task Moving_a_post_to_another_department_is_no_new_version()
    {
        using var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var department = await TestData.DepartmentAsync(App);
        var id = await TestData.ArticleAsync(author, "Ort", "Text bleibt");

        var response = await EditAsync(author, id, "Ort", "Text bleibt", department);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM post_versions WHERE post_id = @id", new { id }), Is.Zero);
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT edited_at IS NULL FROM posts WHERE id = @id", new { id }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_deleted_post_has_no_history_page()
    {
        using var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var id = await TestData.ArticleAsync(author, "Weg", "bald gelöscht");
        await TestData.PostFormAsync(author, $"/posts/{id}", $"/posts/{id}/delete", []);

        var response = await author.GetAsync($"/posts/{id}/history");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
