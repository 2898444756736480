using System.Net;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Trust;

[NonParallelizable] // fifty writers at once wait on busy_timeout, which a second fixture's load would stretch
public sealed class ConcurrencyTests : AppFixture
{
    [Test]
    public async Task Fifty_people_reacting_at_once_make_exactly_fifty_reactions()
    {
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await TestData.MicroAsync(author, "Wer macht mit?");
        var people = new List<HttpClient>();
        for (var i = 0; i < 50; i++)
        {
            people.Add(await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App)));
        }

        var tokens = await Task.WhenAll(people.Select(p => TestData.TokenAsync(p, "/")));
        var responses = await Task.WhenAll(people.Select((p, i) => p.PostAsync($"/posts/{postId}/reactions", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["kind"] = "like", ["__RequestVerificationToken"] = tokens[i] }))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reactions WHERE post_id = @postId AND comment_id IS NULL AND kind = 'like'", new { postId }), Is.EqualTo(50));
        var card = (await TestData.GetPageAsync(author, $"/posts/{postId}")).QuerySelector("[data-reactions] button[value=like] [data-count]")!;
        Assert.That(card.TextContent, Is.EqualTo("50"), "the count shown is the count stored");
    }

    [Test]
    public async Task A_double_click_never_makes_two_reactions()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await TestData.MicroAsync(client, "Doppelklick");
        var token = await TestData.TokenAsync(client, "/");

        var clicks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsync($"/posts/{postId}/reactions", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["kind"] = "celebrate", ["state"] = "true", ["__RequestVerificationToken"] = token }))));

        Assert.That(clicks.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reactions WHERE post_id = @postId", new { postId }), Is.EqualTo(1));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM events WHERE kind = 'post.reactions' AND target_id = @postId", new { postId }), Is.EqualTo(1));
    }

    [Test]
    public async Task Concurrent_writers_never_see_database_is_locked()
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < 16; i++)
        {
            clients.Add(await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App)));
        }

        var tokens = await Task.WhenAll(clients.Select(c => TestData.TokenAsync(c, "/")));
        var responses = await Task.WhenAll(clients.SelectMany((c, i) => Enumerable.Range(0, 5).Select(n => c.PostAsync("/posts", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["kind"] = "micro", ["body"] = $"Gleichzeitig {i}/{n}", ["__RequestVerificationToken"] = tokens[i] })))));

        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Redirect));
    }
}
