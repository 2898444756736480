using System.Net;
using System.Net.Http.Json;
using Dapper;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Live;

public sealed class CatchUpTests : AppFixture
{
    [Test]
    public async Task Catching_up_returns_exactly_the_events_after_the_given_id_oldest_first()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var first = await TestData.MicroAsync(client, TestData.Unique("Eins"));
        var after = await LastEventIdAsync() - 1;
        await TestData.MicroAsync(client, TestData.Unique("Zwei"));
        await TestData.PostFormAsync(client, "/", $"/posts/{first}/reactions", new() { ["kind"] = "like", ["state"] = "true" }, "application/json");

        var page = await CatchUpAsync(client, after);

        var expected = await VisibleIdsAfterAsync(after);
        Assert.That(page.Events.Select(e => e.Id), Is.EqualTo(expected));
        Assert.That(page.Events.Select(e => e.Kind), Is.EqualTo(new[] { EventKinds.PostCreated, EventKinds.PostCreated, EventKinds.PostReactions }));
        Assert.That((page.More, page.LastId), Is.EqualTo((false, expected[^1])));
    }

    [Test]
    public async Task Catching_up_pages_by_200_with_more_and_the_last_id_to_continue_from()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var postId = await TestData.MicroAsync(client, TestData.Unique("Viel"));
        var after = await LastEventIdAsync();
        await AppendReactionEventsAsync(postId, 450);

        var pages = new List<CatchUp>();
        for (var cursor = after; pages.Count == 0 || pages[^1].More; cursor = pages[^1].LastId)
        {
            pages.Add(await CatchUpAsync(client, cursor));
        }

        Assert.That(pages.Select(p => (p.Events.Count, p.More)), Is.EqualTo(new[] { (200, true), (200, true), (50, false) }));
        Assert.That(pages.Select(p => p.LastId), Is.EqualTo(pages.Select(p => p.Events[^1].Id)));
        Assert.That(pages.SelectMany(p => p.Events).Select(e => e.Id), Is.EqualTo(await VisibleIdsAfterAsync(after)));
    }

    [Test]
    public async Task Catching_up_from_the_newest_event_returns_nothing_and_keeps_the_position()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        await TestData.MicroAsync(client, TestData.Unique("Neu"));
        var last = await LastEventIdAsync();

        var page = await CatchUpAsync(client, last);

        Assert.That((page.Events.Count, page.More, page.LastId), Is.EqualTo((0, false, last)));
    }

    [Test]
    public async Task Catching_up_anonymously_is_refused_with_401()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/live/events?after=0");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static async Task<CatchUp> CatchUpAsync(HttpClient client, long after)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/live/events?after={after}");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CatchUp>())!;
    }

    private async Task AppendReactionEventsAsync(long postId, int count)
    {
        var events = App.Service<EventStore>();
        await using var write = await App.Service<Database>().BeginWriteAsync();
        for (var i = 0; i < count; i++)
        {
            await events.AppendAsync(write, EventKinds.PostReactions, postId, postId, actorId: null);
        }

        await write.CommitAsync();
    }

    private Task<long> LastEventIdAsync() => TestData.ScalarAsync<long>(App, "SELECT COALESCE(MAX(id), 0) FROM events");

    private async Task<IReadOnlyList<long>> VisibleIdsAfterAsync(long after)
    {
        await using var connection = await App.Service<Database>().OpenAsync();
        return (await connection.QueryAsync<long>("SELECT id FROM events WHERE id > @after AND user_id IS NULL ORDER BY id", new { after })).AsList();
    }
}
