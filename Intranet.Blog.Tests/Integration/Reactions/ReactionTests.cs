using System.Net;
using System.Text.Json;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Reactions;

public sealed class ReactionTests : AppFixture
{
    private async Task<(TestPerson Author, HttpClient Client, long PostId)> PostAsync()
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        return (author, client, await TestData.MicroAsync(client, TestData.Unique("Reagiert")));
    }

    private async Task<(TestPerson Person, HttpClient Client)> ColleagueAsync(string? name = null)
    {
        var person = await TestData.PersonAsync(App, name: name);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private static Task<HttpResponseMessage> ReactAsync(HttpClient client, long postId, string kind, bool? state = null, string? accept = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["returnUrl"] = $"/posts/{postId}" };
        if (state is { } s)
        {
            fields["state"] = s ? "true" : "false";
        }

        return TestData.PostFormAsync(client, "/", $"/posts/{postId}/reactions", fields, accept);
    }

    /// The count shown on the post's card in its author's feed, per kind that the card shows (a card shows only the
    /// kinds with a count, and the viewer's own).
    private static async Task<Dictionary<string, string>> CardCountsAsync(HttpClient client, TestPerson author, long postId)
    {
        var page = await TestData.GetPageAsync(client, $"/?author={author.Id}");
        return page.QuerySelectorAll($"#post-{postId} [data-reactions] button[name=kind]")
            .ToDictionary(b => b.GetAttribute("value")!, b => b.QuerySelector("[data-count]")!.TextContent);
    }

    private Task<long> ReactionRowsAsync(long postId) =>
        TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reactions WHERE post_id = @postId", new { postId });

    [Test]
    public async Task A_reaction_through_the_form_counts_on_the_card_and_returns_to_the_post()
    {
        var (author, client, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();

        var response = await ReactAsync(colleague, postId, "celebrate");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/posts/{postId}#post-{postId}"), "back where the reader reacted");
        var counts = await CardCountsAsync(client, author, postId);
        Assert.That(counts, Is.EqualTo(new Dictionary<string, string> { ["celebrate"] = "1" }), "the card shows the kinds with a count, no others");
    }

    [Test]
    public async Task A_card_button_posts_the_pages_one_form_without_script_and_comes_back_to_the_card()
    {
        var (author, _, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "funny");
        var page = await TestData.GetPageAsync(colleague, $"/?author={author.Id}");
        var button = page.QuerySelector($"#post-{postId} button[value=funny]")!;
        Assert.That(button.GetAttribute("aria-pressed"), Is.EqualTo("true"), "the reader's own reaction shows as pressed");
        Assert.That(page.QuerySelectorAll("article.card input[name=__RequestVerificationToken]"), Is.Empty, "the page's one reactions form carries the token");

        var response = await TestData.PressAsync(colleague, button);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/?author={author.Id}#post-{postId}"));
        Assert.That(await ReactionRowsAsync(postId), Is.Zero, "pressed again, it is taken back");
    }

    [Test]
    public async Task A_cards_react_link_leads_without_script_to_all_six_kinds_with_the_readers_own_pressed()
    {
        var (author, _, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "support");
        var feed = await TestData.GetPageAsync(colleague, $"/?author={author.Id}");
        var link = feed.QuerySelector($"#post-{postId} [data-reactions] a[data-react]")!;

        var page = await TestData.GetPageAsync(colleague, link.GetAttribute("href")!);
        var buttons = page.QuerySelectorAll("main [data-reactions] button[name=kind]");
        Assert.That(buttons.Select(b => b.GetAttribute("value")), Is.EqualTo(new[] { "like", "celebrate", "insightful", "support", "funny", "curious" }));
        Assert.That(buttons.Where(b => b.GetAttribute("aria-pressed") == "true").Select(b => b.GetAttribute("value")), Is.EqualTo(new[] { "support" }));
        Assert.That(page.QuerySelectorAll("main [data-reactions] a"), Is.Empty, "no link to the page it is on");

        var response = await TestData.PressAsync(colleague, buttons.First(b => b.GetAttribute("value") == "curious"));

        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo($"/posts/{postId}/reactions#post-{postId}"));
        Assert.That(await CardCountsAsync(colleague, author, postId), Is.EqualTo(new Dictionary<string, string> { ["support"] = "1", ["curious"] = "1" }));
    }

    [Test]
    public async Task Posting_the_same_kind_again_toggles_it_off()
    {
        var (author, client, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "like");

        await ReactAsync(colleague, postId, "like");

        Assert.That(await CardCountsAsync(client, author, postId), Does.Not.ContainKey("like"));
        Assert.That(await ReactionRowsAsync(postId), Is.Zero);
    }

    [Test]
    public async Task The_json_variant_returns_the_counts_and_the_viewers_own_kinds()
    {
        var (_, _, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();

        var on = await ReactAsync(colleague, postId, "insightful", accept: "application/json");
        var off = await ReactAsync(colleague, postId, "insightful", accept: "application/json");

        Assert.That(on.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var onJson = JsonDocument.Parse(await on.Content.ReadAsStringAsync());
        Assert.That(onJson.RootElement.GetProperty("counts").GetProperty("insightful").GetInt32(), Is.EqualTo(1));
        Assert.That(onJson.RootElement.GetProperty("mine").EnumerateArray().Select(k => k.GetString()), Is.EqualTo(new[] { "insightful" }));
        using var offJson = JsonDocument.Parse(await off.Content.ReadAsStringAsync());
        Assert.That(offJson.RootElement.GetProperty("counts").EnumerateObject(), Is.Empty);
        Assert.That(offJson.RootElement.GetProperty("mine").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Counts_are_kept_per_kind()
    {
        var (author, client, postId) = await PostAsync();
        var (_, first) = await ColleagueAsync();
        var (_, second) = await ColleagueAsync();

        await ReactAsync(first, postId, "like");
        await ReactAsync(first, postId, "funny");
        await ReactAsync(second, postId, "funny");

        var counts = await CardCountsAsync(client, author, postId);
        Assert.That(counts, Is.EqualTo(new Dictionary<string, string> { ["like"] = "1", ["funny"] = "2" }));
    }

    [Test]
    public async Task Two_people_reacting_count_two()
    {
        var (author, client, postId) = await PostAsync();
        var (_, first) = await ColleagueAsync();
        var (_, second) = await ColleagueAsync();

        await ReactAsync(first, postId, "support");
        await ReactAsync(second, postId, "support");

        Assert.That((await CardCountsAsync(client, author, postId))["support"], Is.EqualTo("2"));
    }

    [Test]
    public async Task The_same_person_setting_state_on_twice_counts_once()
    {
        var (author, client, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "like", state: true);
        var events = await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM events");

        var again = await ReactAsync(colleague, postId, "like", state: true, accept: "application/json");

        using var json = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("counts").GetProperty("like").GetInt32(), Is.EqualTo(1));
        Assert.That((await CardCountsAsync(client, author, postId))["like"], Is.EqualTo("1"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT MAX(id) FROM events"), Is.EqualTo(events), "no change, no event");
    }

    [Test]
    public async Task State_off_removes_only_that_kind()
    {
        var (_, _, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "like");
        await ReactAsync(colleague, postId, "curious");

        var response = await ReactAsync(colleague, postId, "like", state: false, accept: "application/json");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("counts").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "curious" }));
    }

    [TestCase("love")]
    [TestCase("")]
    [TestCase("LIKE")]
    public async Task An_unknown_kind_is_refused_and_nothing_is_stored(string kind)
    {
        var (_, _, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();

        var response = await ReactAsync(colleague, postId, kind);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ReactionRowsAsync(postId), Is.Zero);
    }

    [Test]
    public async Task A_reaction_on_a_missing_post_is_not_found()
    {
        var (_, colleague) = await ColleagueAsync();

        var response = await ReactAsync(colleague, 987_654_321, "like");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_reaction_on_a_comment_counts_on_that_comment_only()
    {
        var (_, client, postId) = await PostAsync();
        var commentId = await TestData.CommentAsync(client, postId, "Kommentar");
        var (_, colleague) = await ColleagueAsync();

        await TestData.PostFormAsync(colleague, "/", $"/posts/{postId}/comments/{commentId}/reactions", new() { ["kind"] = "like" });

        var page = await TestData.GetPageAsync(client, $"/posts/{postId}");
        Assert.That(page.QuerySelector($"#comment-{commentId} button[value=like] [data-count]")?.TextContent, Is.EqualTo("1"));
        Assert.That(page.QuerySelector(".post-page button[value=like] [data-count]")?.TextContent, Is.Empty);
    }

    [Test]
    public async Task The_who_reacted_page_lists_the_people_by_kind()
    {
        var (_, client, postId) = await PostAsync();
        var (anna, annaClient) = await ColleagueAsync(TestData.Unique("Anna"));
        var (ben, benClient) = await ColleagueAsync(TestData.Unique("Ben"));
        await ReactAsync(annaClient, postId, "like");
        await ReactAsync(benClient, postId, "celebrate");

        var page = await TestData.GetPageAsync(client, $"/posts/{postId}/reactions");

        var names = page.QuerySelectorAll(".people-list li a").Select(a => a.TextContent).ToList();
        Assert.That(names, Is.EquivalentTo(new[] { anna.Name, ben.Name }));
        Assert.That(page.QuerySelectorAll("main h2").Select(h => h.TextContent), Is.EquivalentTo(new[] { "👍 Gefällt mir (1)", "🎉 Feiern (1)" }));
    }

    [Test]
    public async Task Who_reacted_to_a_deleted_post_or_comment_is_not_shown()
    {
        var (_, client, postId) = await PostAsync();
        var (_, colleague) = await ColleagueAsync();
        await ReactAsync(colleague, postId, "like");
        var commentId = await TestData.CommentAsync(client, postId, TestData.Unique("Antwort"));
        Assert.That((await colleague.GetAsync($"/posts/{postId}/reactions?comment={commentId}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await TestData.PostFormAsync(client, "/", $"/comments/{commentId}/delete", []);
        Assert.That((await colleague.GetAsync($"/posts/{postId}/reactions?comment={commentId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await colleague.GetAsync($"/posts/{postId}/reactions")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await TestData.PostFormAsync(client, "/", $"/posts/{postId}/delete", []);
        Assert.That((await colleague.GetAsync($"/posts/{postId}/reactions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await colleague.GetAsync($"/posts/{postId + 1_000_000}/reactions")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
