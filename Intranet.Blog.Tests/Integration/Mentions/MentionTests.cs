using System.Net;
using System.Text.Json;
using Intranet.Blog.Features.Admin;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Mentions;

public sealed class MentionTests : AppFixture
{
    private Task<string> HandleAsync(long id) => TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @id", new { id });

    private async Task<long[]> MentionedAsync(long postId, long? commentId = null) =>
        [.. await QueryAsync<long>("SELECT user_id FROM mentions WHERE post_id = @postId AND COALESCE(comment_id, 0) = COALESCE(@commentId, 0) ORDER BY user_id", new { postId, commentId })];

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object args)
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        return [.. await Dapper.SqlMapper.QueryAsync<T>(connection, sql, args)];
    }

    private async Task<(TestPerson Person, HttpClient Client)> WriterAsync()
    {
        var person = await TestData.PersonAsync(App);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    [Test]
    public async Task Every_new_person_gets_a_handle_from_the_name_and_namesakes_get_a_number()
    {
        var last = TestData.Unique("Müller").Replace("-", "", StringComparison.Ordinal);
        var first = await TestData.PersonAsync(App, name: $"Jürgen {last}-Lüdenscheidt");
        var second = await TestData.PersonAsync(App, name: $"Jürgen {last}-Lüdenscheidt");

        Assert.That(await HandleAsync(first.Id), Is.EqualTo($"jürgen.{last.ToLowerInvariant()}.lüdenscheidt"));
        Assert.That(await HandleAsync(second.Id), Is.EqualTo($"jürgen.{last.ToLowerInvariant()}.lüdenscheidt2"));
    }

    [Test]
    public async Task People_without_a_handle_get_one_at_start_up()
    {
        var person = await TestData.PersonAsync(App, name: TestData.Unique("Ohne Handle"));
        await using (var scope = await App.Service<Database>().BeginWriteAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(scope.Connection, "UPDATE users SET handle = NULL WHERE id = @id", new { id = person.Id }, scope.Transaction);
            await scope.CommitAsync();
        }

        await App.Service<HandleStore>().AssignMissingAsync();

        Assert.That(await HandleAsync(person.Id), Does.StartWith("ohne.handle"));
    }

    [Test]
    public async Task A_mention_is_stored_by_person_and_rendered_as_a_link_to_the_profile()
    {
        var mentioned = await TestData.PersonAsync(App, name: TestData.Unique("Anneliese Testfrau"));
        var handle = await HandleAsync(mentioned.Id);
        var (_, writer) = await WriterAsync();

        var postId = await TestData.MicroAsync(writer, $"Danke @{handle}!");

        Assert.That(await MentionedAsync(postId), Is.EqualTo(new[] { mentioned.Id }));
        var link = (await TestData.GetPageAsync(writer, "/")).QuerySelector($"#post-{postId} a.mention")!;
        Assert.That(link.GetAttribute("href"), Is.EqualTo($"/people/{mentioned.Id}"));
        Assert.That(link.TextContent, Is.EqualTo("@" + handle));
    }

    [Test]
    public async Task A_renamed_person_keeps_handle_and_links()
    {
        var mentioned = await TestData.PersonAsync(App, name: TestData.Unique("Vorher Name"));
        var handle = await HandleAsync(mentioned.Id);
        var (_, writer) = await WriterAsync();
        var before = await TestData.ArticleAsync(writer, "Vor der Umbenennung", $"Frag @{handle}");

        await using (var scope = await App.Service<Database>().BeginWriteAsync())
        {
            await App.Service<PeopleAdminStore>().SetOrgFieldsAsync(scope.Connection, scope.Transaction, [new OrgFields(mentioned.Id, "Ganz Anders", "Tester", null, null)]);
            await scope.CommitAsync();
        }

        var after = await TestData.ArticleAsync(writer, "Nach der Umbenennung", $"Frag @{handle}");
        Assert.That(await HandleAsync(mentioned.Id), Is.EqualTo(handle));
        foreach (var id in new[] { before, after })
        {
            var page = await TestData.GetPageAsync(writer, $"/posts/{id}");
            Assert.That(page.QuerySelector(".prose a.mention")?.GetAttribute("href"), Is.EqualTo($"/people/{mentioned.Id}"), $"post {id}");
        }
    }

    [Test]
    public async Task Unknown_and_deactivated_people_stay_plain_text()
    {
        var gone = await TestData.PersonAsync(App, name: TestData.Unique("Ausgeschieden"));
        var goneHandle = await HandleAsync(gone.Id);
        await TestData.DeactivateAsync(App, gone.Id);
        var (_, writer) = await WriterAsync();

        var postId = await TestData.MicroAsync(writer, $"Hallo @{goneHandle} und @niemand.{Guid.NewGuid():N}");

        Assert.That(await MentionedAsync(postId), Is.Empty);
        var card = (await TestData.GetPageAsync(writer, "/")).QuerySelector($"#post-{postId}")!;
        Assert.That(card.QuerySelector("a.mention"), Is.Null);
        Assert.That(card.QuerySelector(".body")!.TextContent, Does.Contain("@" + goneHandle));
    }

    [Test]
    public async Task Editing_replaces_mentions_and_reports_only_the_newly_mentioned()
    {
        var (author, _) = await WriterAsync();
        var anna = await TestData.PersonAsync(App, name: TestData.Unique("Anna Edit"));
        var ben = await TestData.PersonAsync(App, name: TestData.Unique("Ben Edit"));
        var (a, b) = (await HandleAsync(anna.Id), await HandleAsync(ben.Id));
        using var scope = App.Services.CreateScope();
        var posts = scope.ServiceProvider.GetRequiredService<PostService>();
        var viewer = new Viewer(author.Id, false);

        var created = await posts.CreateAsync(viewer, new PostInput { Kind = "article", Title = "Mit Erwähnung", Body = $"@{a} und ich @{await HandleAsync(author.Id)}" }, default);
        var kept = await posts.EditAsync(viewer, created.Id, new PostInput { Kind = "article", Title = "Mit Erwähnung", Body = $"@{a} und @{b}" }, default);
        var replaced = await posts.EditAsync(viewer, created.Id, new PostInput { Kind = "article", Title = "Mit Erwähnung", Body = $"Nur noch @{b}" }, default);
        var again = await posts.EditAsync(viewer, created.Id, new PostInput { Kind = "article", Title = "Mit Erwähnung", Body = $"@{a} wieder" }, default);

        Assert.That(created.NewlyMentionedIds, Is.EqualTo(new[] { anna.Id }), "the writer is not in the list");
        Assert.That(kept.NewlyMentionedIds, Is.EqualTo(new[] { ben.Id }));
        Assert.That(replaced.NewlyMentionedIds, Is.Empty);
        Assert.That(again.NewlyMentionedIds, Is.EqualTo(new[] { anna.Id }));
        Assert.That(await MentionedAsync(created.Id), Is.EqualTo(new[] { anna.Id }));
    }

    [Test]
    public async Task Comments_store_their_own_mentions_and_report_the_newly_mentioned()
    {
        var (author, client) = await WriterAsync();
        var carla = await TestData.PersonAsync(App, name: TestData.Unique("Carla Kommentar"));
        var dirk = await TestData.PersonAsync(App, name: TestData.Unique("Dirk Kommentar"));
        var postId = await TestData.MicroAsync(client, "Ein Beitrag");
        using var scope = App.Services.CreateScope();
        var comments = scope.ServiceProvider.GetRequiredService<CommentService>();

        var created = await comments.CreateAsync(author.Id, postId, new CommentInput { Body = $"@{await HandleAsync(carla.Id)} schau mal" }, default);
        var edited = await comments.EditAsync(new Viewer(author.Id, false), created.Id, new CommentInput { Body = $"@{await HandleAsync(dirk.Id)} schau mal" }, default);

        Assert.That(created.NewlyMentionedIds, Is.EqualTo(new[] { carla.Id }));
        Assert.That(edited.NewlyMentionedIds, Is.EqualTo(new[] { dirk.Id }));
        Assert.That(await MentionedAsync(postId, created.Id), Is.EqualTo(new[] { dirk.Id }));
        Assert.That(await MentionedAsync(postId), Is.Empty, "the post itself mentions nobody");
        var page = await TestData.GetPageAsync(client, $"/posts/{postId}");
        Assert.That(page.QuerySelector($"#comment-{created.Id} a.mention")?.GetAttribute("href"), Is.EqualTo($"/people/{dirk.Id}"));
    }

    [Test]
    public async Task More_than_twenty_mentions_are_refused_with_the_input_kept()
    {
        var (author, client) = await WriterAsync();
        var body = string.Join(' ', Enumerable.Range(1, 21).Select(i => $"@person{i}"));

        var response = await TestData.PostFormAsync(client, "/posts/new", "/posts", new() { ["kind"] = "article", ["title"] = "Zu viele", ["body"] = body });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestData.ParseAsync(response);
        Assert.That(TestData.ErrorText(page), Does.Contain("20"));
        Assert.That(page.QuerySelector("textarea[name=body]")?.TextContent, Is.EqualTo(body));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM posts WHERE author_id = @id", new { id = author.Id }), Is.Zero);
    }

    [Test]
    public async Task A_comment_with_too_many_mentions_is_refused()
    {
        var (_, client) = await WriterAsync();
        var postId = await TestData.MicroAsync(client, "Beitrag");
        var body = string.Join(' ', Enumerable.Range(1, 21).Select(i => $"@person{i}"));

        var response = await TestData.PostFormAsync(client, $"/posts/{postId}", $"/posts/{postId}/comments", new() { ["body"] = body });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM comments WHERE post_id = @postId", new { postId }), Is.Zero);
    }

    private static async Task<JsonElement[]> SuggestAsync(HttpClient client, string q)
    {
        var response = await client.GetAsync($"/people/suggest?q={Uri.EscapeDataString(q)}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray()];
    }

    [Test]
    public async Task Suggest_finds_active_people_by_name_or_handle_ignoring_case_and_umlauts()
    {
        var tag = TestData.Unique("Zq").Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var department = await TestData.DepartmentAsync(App);
        var jürgen = await TestData.PersonAsync(App, name: $"Jürgen Öz{tag}", departmentId: department);
        var gone = await TestData.PersonAsync(App, name: $"Jürgen Öz{tag} Alt");
        await TestData.DeactivateAsync(App, gone.Id);
        var (_, client) = await WriterAsync();

        var byName = await SuggestAsync(client, $"ÖZ{tag.ToUpperInvariant()}");
        var byHandle = await SuggestAsync(client, $"jürgen.öz{tag}");

        Assert.That(byName.Select(e => e.GetProperty("id").GetInt64()), Is.EqualTo(new[] { jürgen.Id }));
        Assert.That(byHandle.Select(e => e.GetProperty("id").GetInt64()), Is.EqualTo(new[] { jürgen.Id }));
        var entry = byName[0];
        Assert.That(entry.GetProperty("name").GetString(), Is.EqualTo($"Jürgen Öz{tag}"));
        Assert.That(entry.GetProperty("handle").GetString(), Is.EqualTo($"jürgen.öz{tag}"));
        Assert.That(entry.GetProperty("title").GetString(), Is.EqualTo("Tester"));
        Assert.That(entry.GetProperty("department").GetString(), Does.StartWith("Abteilung"));
    }

    [Test]
    public async Task Suggest_returns_at_most_eight_prefix_matches_first()
    {
        var tag = TestData.Unique("Yq").Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        var inside = await TestData.PersonAsync(App, name: $"Aaa X{tag}");
        for (var i = 0; i < 9; i++)
        {
            await TestData.PersonAsync(App, name: $"{tag} Person{i}");
        }

        var (_, client) = await WriterAsync();
        var found = await SuggestAsync(client, tag);

        Assert.That(found, Has.Length.EqualTo(8));
        Assert.That(found.Select(e => e.GetProperty("id").GetInt64()), Does.Not.Contain(inside.Id), "a match inside a word ranks after prefix matches");
        Assert.That(found.Select(e => e.GetProperty("name").GetString()), Is.Ordered);
    }

    [Test]
    public async Task Suggest_is_refused_to_anonymous_visitors()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/people/suggest?q=a");
        request.Headers.Accept.ParseAdd("application/json");

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
