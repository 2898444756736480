using System.Net;
using System.Text.Json;
using Dapper;
using Intranet.Blog.Tests.Support;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// Two real app processes on one PostgreSQL database and one Redis server (issue 26 item 3): what one node's people
/// write reaches the screens connected to the other, in commit order, rendered once; who reads a post is counted
/// across both; a person whose sessions end is disconnected on both; when the node that pushes dies, the other
/// pushes; the write limit and the sign-in throttle count once for both.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[RequiresProgram(Support.Redis.Program, Support.Redis.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class SeveralNodesTests
{
    private readonly TempDirectories _directories = new();

    [TearDown]
    public void DeleteDirectories() => _directories.DeleteAll();

    [Test, CancelAfter(240_000)]
    public async Task What_is_written_through_either_node_reaches_the_screens_of_both_in_commit_order_and_readers_are_counted_across_them(CancellationToken ct)
    {
        var (a, b) = await TwoNodesAsync([], ct);
        await using var _a = a;
        await using var _b = b;
        var ceo = await SignInAsync(a, "ceo@demo.example");
        var staff = await SignInAsync(b, "staff@demo.example");
        await using var screenOnA = await HubProtocolClient.ConnectAsync(a.Address, ceo.Cookie);
        await using var screenOnB = await HubProtocolClient.ConnectAsync(b.Address, staff.Cookie);

        var postId = await TestData.MicroAsync(ceo.Client, "Zwei Knoten, ein Intranet");
        await screenOnB.ReceiveUntilAsync(e => IsEvent(e, "post.created", postId));

        Assert.That((await screenOnA.InvokeAsync("WatchPost", postId)).Result?.GetInt32(), Is.EqualTo(1));
        Assert.That((await screenOnB.InvokeAsync("WatchPost", postId)).Result?.GetInt32(), Is.EqualTo(2), "the reader on the other node counts");
        await screenOnA.ReceiveUntilAsync(e => e.Target == "Presence" && e.Argument.GetProperty("count").GetInt32() == 2);

        // Comments through both nodes in turn: each screen gets every one, in the order they committed.
        var comments = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            comments.Add(await TestData.CommentAsync(i % 2 == 0 ? ceo.Client : staff.Client, postId, $"Kommentar {i} über Knoten {(i % 2 == 0 ? "a" : "b")}"));
        }

        foreach (var screen in (HubProtocolClient[])[screenOnA, screenOnB])
        {
            var seen = await screen.ReceiveUntilAsync(e => IsEvent(e, "comment.created", comments[^1]));
            var created = seen.Where(e => IsEvent(e, "comment.created")).ToList();
            Assert.That(created.Select(e => e.Argument.GetProperty("targetId").GetInt64()), Is.EqualTo(comments), "all six, in commit order");
            Assert.That(created.Select(e => e.Argument.GetProperty("id").GetInt64()), Is.Ordered.Ascending.And.Unique);
            Assert.That(created.All(e => e.Argument.GetProperty("html").TryGetProperty("de", out _)), Is.True, "rendered for the screen's language");
        }

        var pushers = (Pushes(a) ? 1 : 0) + (Pushes(b) ? 1 : 0);
        Assert.That(pushers, Is.EqualTo(1), "one node renders and pushes for both");
    }

    [Test, CancelAfter(240_000)]
    public async Task When_the_pushing_node_dies_the_other_pushes_and_an_ended_session_closes_on_both(CancellationToken ct)
    {
        var (a, b) = await TwoNodesAsync([], ct);
        await using var _a = a;
        await using var _b = b;
        var (pusher, other) = Pushes(a) ? (a, b) : (b, a);
        var admin = await SignInAsync(other, "admin@demo.example");
        var staff = await SignInAsync(other, "staff@demo.example");
        await using var screen = await HubProtocolClient.ConnectAsync(other.Address, staff.Cookie);

        await pusher.KillAsync();
        var postId = await TestData.MicroAsync(admin.Client, "Nach dem Ausfall des anderen Knotens");
        await screen.ReceiveUntilAsync(e => IsEvent(e, "post.created", postId));
        Assert.That(Pushes(other), Is.True);

        // A second node again, not pushing: the staff member's screen there closes when an admin on the first
        // deactivates them, as does their screen on the first.
        await using var second = await AppProcess.StartAsync(NewDirectory(), NodeSettings(_database!, _redis!));
        var staffThere = await SignInAsync(second, "staff@demo.example");
        await using var screenThere = await HubProtocolClient.ConnectAsync(second.Address, staffThere.Cookie);
        Assert.That(Pushes(second), Is.False);
        var staffId = await ScalarAsync<long>("SELECT id FROM users WHERE email = 'staff@demo.example'");
        Assert.That(screen.Closed.IsCompleted || screenThere.Closed.IsCompleted, Is.False, "open before");

        var deactivated = await TestData.PostFormAsync(admin.Client, $"/admin/people/{staffId}", $"/admin/people/{staffId}/deactivate", []);

        Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        // Each throws a TimeoutException if its connection stays open.
        await screenThere.Closed.WaitAsync(TimeSpan.FromSeconds(15), ct);
        await screen.Closed.WaitAsync(TimeSpan.FromSeconds(15), ct);
    }

    [Test, CancelAfter(240_000)]
    public async Task The_write_limit_and_the_sign_in_throttle_count_once_for_both_nodes(CancellationToken ct)
    {
        var (a, b) = await TwoNodesAsync(["--Intranet:Limits:WritesPerMinute=6"], ct);
        await using var _a = a;
        await using var _b = b;
        var onA = await SignInAsync(a, "staff@demo.example");
        var onB = await SignInAsync(b, "staff@demo.example");
        var postId = await TestData.MicroAsync(onA.Client, "Gezählt über beide Knoten");

        // One post taken; five more writes fit, alternating between the nodes, and then none through either.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var client = i % 2 == 0 ? onB.Client : onA.Client;
            var response = await TestData.PostFormAsync(client, $"/posts/{postId}", $"/posts/{postId}/comments", new() { ["body"] = $"Nummer {i}" });
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.Redirect), string.Join(", ", statuses));
        Assert.That(statuses.Skip(5), Is.All.EqualTo(HttpStatusCode.TooManyRequests), "six a minute for both nodes together, not for each");

        // Failed sign-ins from one address, half through each node: the thirtieth blocks the address on both.
        using var anonymousA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = a.Address };
        using var anonymousB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = b.Address };
        // Each client's antiforgery cookie first, so the attempts at once all carry the same one.
        await anonymousA.GetAsync("/account/signin", ct);
        await anonymousB.GetAsync("/account/signin", ct);
        await Task.WhenAll(Enumerable.Range(0, AddressThrottleMax).Select(async i =>
        {
            var response = await TestData.SignInAsync(i % 2 == 0 ? anonymousA : anonymousB, $"niemand{i}@demo.example", "falsch");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"attempt {i}");
        }));
        foreach (var client in (HttpClient[])[anonymousA, anonymousB])
        {
            var blocked = await TestData.SignInAsync(client, "staff@demo.example", Blog.DemoData.DemoSeeder.Password);
            Assert.That(blocked.StatusCode, Is.EqualTo((HttpStatusCode)429), "the address is blocked on both, even with the right password");
        }
    }

    private const int AddressThrottleMax = Blog.Features.Account.AddressThrottle.MaxFailures;

    private string? _database;
    private string? _redis;

    private async Task<(AppProcess A, AppProcess B)> TwoNodesAsync(string[] more, CancellationToken ct)
    {
        _database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        _redis = (await Support.Redis.ServerAsync()).NewSetting();
        var a = await AppProcess.StartAsync(NewDirectory(), [.. NodeSettings(_database, _redis), "--Intranet:SeedDemo=true", .. more]);
        try
        {
            await a.WaitForLogAsync("Demo sign-in", ct);

            var b = await AppProcess.StartAsync(NewDirectory(), [.. NodeSettings(_database, _redis), .. more]);
            // The live pipeline begins with each node's first request.
            foreach (var node in (AppProcess[])[a, b])
            {
                using var http = new HttpClient { BaseAddress = node.Address };
                (await http.GetAsync("/healthz", ct)).EnsureSuccessStatusCode();
            }

            while (!Pushes(a) && !Pushes(b))
            {
                await Task.Delay(50, ct);
            }

            return (a, b);
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    private static bool Pushes(AppProcess node) => node.Log.Contains("Background job LiveOutbox runs on this node", StringComparison.Ordinal);

    private string[] NodeSettings(string database, string redis) =>
        [$"--Intranet:DataDirectory={NewDirectory()}", "--Intranet:Database=postgres", $"--Intranet:Postgres:ConnectionString={database}", $"--Intranet:Redis={redis}"];

    private static async Task<(HttpClient Client, string Cookie)> SignInAsync(AppProcess node, string email)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node.Address };
        var response = await TestData.SignInAsync(client, email, Blog.DemoData.DemoSeeder.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"{email} signed in");
        return (client, cookies.GetCookieHeader(node.Address));
    }

    private static bool IsEvent(HubInvocation e, string kind, long? targetId = null) =>
        e.Target == "Event" && e.Argument.GetProperty("kind").GetString() == kind
        && (targetId is null || e.Argument.GetProperty("targetId").GetInt64() == targetId);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private string NewDirectory() => _directories.New("intranet-blog-nodes");
}
