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
[NonParallelizable] // kills nodes and Redis, and times what follows: another fixture's load stretched it past its bounds
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

    /// Sixteen people write at once through both nodes, and the node that pushes is killed (SIGKILL) in the middle, as a
    /// power cut would: every write that was answered is in the database, with its event; a write whose answer was lost
    /// is there whole or not at all; a screen on the surviving node gets every post's event, in id order, and catch-up
    /// from that node has every event. Writers on the dead node go on through the other, as the proxy would send them.
    [Test, CancelAfter(300_000)]
    public async Task Killing_a_node_while_sixteen_people_write_loses_no_answered_write(CancellationToken ct)
    {
        var (a, b) = await TwoNodesAsync(["--Intranet:Limits:WritesPerMinute=100000"], ct);
        await using var _a = a;
        await using var _b = b;
        var (victim, survivor) = Pushes(a) ? (a, b) : (b, a);
        var ceo = await SignInAsync(survivor, "ceo@demo.example");
        await using var screen = await HubProtocolClient.ConnectAsync(survivor.Address, ceo.Cookie);
        var emails = await QueryAsync<string>("SELECT email FROM users WHERE is_active = 1 AND password_hash IS NOT NULL ORDER BY id LIMIT 16");
        Assert.That(emails, Has.Count.EqualTo(16));
        // Each sign-in has its own form token, as each browser would. All are taken before anyone writes: a writer still
        // asking the victim for its token when the kill comes would fail outside the writes this test is about.
        var people = await Task.WhenAll(emails.Select(async email =>
        {
            var (onVictim, onSurvivor) = (await SignInAsync(victim, email), await SignInAsync(survivor, email));
            return (OnVictim: (onVictim.Client, Token: await TestData.TokenAsync(onVictim.Client, "/")),
                    OnSurvivor: (onSurvivor.Client, Token: await TestData.TokenAsync(onSurvivor.Client, "/")));
        }));

        var answered = new System.Collections.Concurrent.ConcurrentBag<(string Table, long Id, string Body)>();
        var unanswered = new System.Collections.Concurrent.ConcurrentBag<string>();
        var killing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answeredSince = 0;
        var writers = people.Select(async (person, w) =>
        {
            // Half begin on the node that dies.
            var onVictim = w % 2 == 0;
            long? post = null;
            for (var i = 0; Volatile.Read(ref answeredSince) < 64; i++)
            {
                var body = $"Schreiber {w} Nummer {i}";
                try
                {
                    var (client, token) = onVictim ? person.OnVictim : person.OnSurvivor;
                    if (post is { } commented && i % 2 == 1)
                    {
                        answered.Add(("comments", await WriteCommentAsync(client, token, commented, body, ct), body));
                    }
                    else
                    {
                        post = await WritePostAsync(client, token, body, ct);
                        answered.Add(("posts", post.Value, body));
                    }
                }
                catch (HttpRequestException) when (onVictim && killing.Task.IsCompleted)
                {
                    unanswered.Add(body);
                    onVictim = false;
                    continue;
                }

                if (killing.Task.IsCompleted)
                {
                    Interlocked.Increment(ref answeredSince);
                }
            }
        }).ToList();

        while (answered.Count < 48 && !Task.WhenAll(writers).IsCompleted)
        {
            await Task.Delay(10, ct);
        }

        killing.SetResult();
        await victim.KillAsync();
        await Task.WhenAll(writers);
        TestContext.Out.WriteLine($"{answered.Count} writes answered, {unanswered.Count} cut off by the kill");
        Assert.That(unanswered, Is.Not.Empty, "the kill came while writes were under way on the node");

        // Every answered write is there as it was written; every write that is there (answered or not) has its one event.
        foreach (var table in new[] { "posts", "comments" })
        {
            var ids = answered.Where(x => x.Table == table).Select(x => x.Id).ToArray();
            var stored = (await QueryAsync<(long Id, string Body)>($"SELECT id, body_md FROM {table} WHERE id = ANY(@ids)", new { ids })).ToDictionary(x => x.Id, x => x.Body);
            Assert.That(answered.Where(x => x.Table == table).Where(x => stored.GetValueOrDefault(x.Id) != x.Body).ToList(), Is.Empty, $"answered {table} all stored");
        }

        var withoutOneEvent = await QueryAsync<string>("""
            SELECT p.body_md FROM posts p WHERE p.body_md LIKE 'Schreiber %'
               AND (SELECT count(*) FROM events e WHERE e.kind = 'post.created' AND e.target_id = p.id) <> 1
            UNION ALL
            SELECT c.body_md FROM comments c WHERE c.body_md LIKE 'Schreiber %'
               AND (SELECT count(*) FROM events e WHERE e.kind = 'comment.created' AND e.target_id = c.id) <> 1
            """);
        Assert.That(withoutOneEvent, Is.Empty, "each stored write has exactly one event");
        var twice = await QueryAsync<string>("""
            SELECT body_md FROM (SELECT body_md FROM posts UNION ALL SELECT body_md FROM comments) w
             WHERE body_md LIKE 'Schreiber %' GROUP BY body_md HAVING count(*) > 1
            """);
        Assert.That(twice, Is.Empty, "no write stored twice");
        var cutOffButStored = await ScalarAsync<long>(
            $"SELECT count(*) FROM (SELECT body_md FROM posts UNION ALL SELECT body_md FROM comments) w WHERE body_md IN ({string.Join(", ", unanswered.Select(u => $"'{u}'"))})");
        TestContext.Out.WriteLine($"{cutOffButStored} of the {unanswered.Count} cut off were committed before the kill, whole");

        // The screen applies what is newer than what it has, as live.js does: it ends with every post, in order.
        var posts = (await QueryAsync<long>("SELECT id FROM posts WHERE body_md LIKE 'Schreiber %'")).ToHashSet();
        var applied = new List<HubInvocation>();
        using (var patience = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            patience.CancelAfter(TimeSpan.FromSeconds(60));
            while (!posts.IsSubsetOf(applied.Where(e => IsEvent(e, "post.created")).Select(e => e.Argument.GetProperty("targetId").GetInt64())))
            {
                var next = await screen.Received.ReadAsync(patience.Token);
                if (next.Target == "Event" && (applied.Count == 0 || EventId(next) > EventId(applied[^1])))
                {
                    applied.Add(next);
                }
            }
        }

        var all = new List<long>();
        for (var after = 0L; ;)
        {
            using var page = JsonDocument.Parse(await ceo.Client.GetStringAsync($"/live/events?after={after}", ct));
            all.AddRange(page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            after = page.RootElement.GetProperty("lastId").GetInt64();
            if (!page.RootElement.GetProperty("more").GetBoolean())
            {
                break;
            }
        }

        var events = await QueryAsync<long>("""
            SELECT id FROM events WHERE user_id IS NULL OR user_id = (SELECT id FROM users WHERE email = 'ceo@demo.example') ORDER BY id
            """);
        Assert.That(all, Is.EqualTo(events), "catch-up from the surviving node: every event the CEO may see, in order, once");
    }

    /// Redis goes away, and meanwhile an admin deactivates a colleague: their screen on the node that pushes closes at
    /// once; when Redis is back, every screen of the other node reconnects (to catch up on the pushes that could not
    /// cross meanwhile), and the colleague's reconnection is refused.
    [Test, CancelAfter(240_000)]
    public async Task When_Redis_comes_back_the_screens_reconnect_and_a_colleague_deactivated_meanwhile_is_shut_out_on_both_nodes(CancellationToken ct)
    {
        var redis = await Support.Redis.StartAsync(AppProcess.FreePort());
        try
        {
            var (a, b) = await TwoNodesAsync([], ct, redis);
            await using var _a = a;
            await using var _b = b;
            var (pusher, other) = Pushes(a) ? (a, b) : (b, a);
            var admin = await SignInAsync(pusher, "admin@demo.example");
            var (staffHere, staffThere, ceoThere) = (await SignInAsync(pusher, "staff@demo.example"), await SignInAsync(other, "staff@demo.example"), await SignInAsync(other, "ceo@demo.example"));
            await using var staffScreenHere = await HubProtocolClient.ConnectAsync(pusher.Address, staffHere.Cookie);
            await using var staffScreenThere = await HubProtocolClient.ConnectAsync(other.Address, staffThere.Cookie);
            await using var ceoScreenThere = await HubProtocolClient.ConnectAsync(other.Address, ceoThere.Cookie);
            var staffId = await ScalarAsync<long>("SELECT id FROM users WHERE email = 'staff@demo.example'");

            await redis.KillAsync();
            // Writes go on at their pace, counted by each node alone meanwhile, instead of waiting for Redis each time.
            var writing = System.Diagnostics.Stopwatch.StartNew();
            await TestData.MicroAsync(admin.Client, "Geschrieben, während Redis fehlt");
            var deactivated = await TestData.PostFormAsync(admin.Client, $"/admin/people/{staffId}", $"/admin/people/{staffId}/deactivate", []);

            Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            // Each write waited out the client's 5 s backlog before: two of them took over 10 s.
            Assert.That(writing.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)), "a post and a deactivation (and their forms) without Redis");
            await staffScreenHere.Closed.WaitAsync(TimeSpan.FromSeconds(15), ct);
            // The pushes that could not cross waited out the client's backlog one after the other before: 12 s.
            Assert.That(writing.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)), "the deactivated colleague's screen on the pushing node closed");
            Assert.That(staffScreenThere.Closed.IsCompleted || ceoScreenThere.Closed.IsCompleted, Is.False,
                $"nothing reaches the other node while Redis is away (staff: {Outcome(staffScreenThere)}, CEO: {Outcome(ceoScreenThere)}); its log:\n{other.Log}");

            // A page that opens meanwhile learns at once whether it is live, instead of waiting out the client's backlog (1 s).
            var connecting = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await using var meanwhile = await HubProtocolClient.ConnectAsync(other.Address, ceoThere.Cookie);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Net.WebSockets.WebSocketException)
            {
                // Refused is an answer too: the page tries again, and catches up once it is in.
            }

            Assert.That(connecting.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "a live connection asked for while Redis is away");

            redis = await Support.Redis.StartAsync(redis.Port);
            await staffScreenThere.Closed.WaitAsync(TimeSpan.FromSeconds(30), ct);
            await ceoScreenThere.Closed.WaitAsync(TimeSpan.FromSeconds(30), ct);
            Assert.That(other.Log, Does.Match("Redis is back: [1-9][0-9]* live connections"), "the log counts the screens it closed");
            Assert.ThrowsAsync<HttpRequestException>(() => HubProtocolClient.ConnectAsync(other.Address, staffThere.Cookie), "the colleague is refused");
            await using var ceoAgain = await HubProtocolClient.ReconnectAsync(other.Address, ceoThere.Cookie);
        }
        finally
        {
            await redis.KillAsync();
        }
    }

    /// A post scheduled through the node that does not publish goes out at its minute: the publishing node hears of the
    /// schedule by the commit, not at its next look a minute later.
    [Test, CancelAfter(240_000)]
    public async Task A_post_scheduled_through_the_node_that_does_not_publish_appears_at_its_minute(CancellationToken ct)
    {
        var (a, b) = await TwoNodesAsync([], ct);
        await using var _a = a;
        await using var _b = b;
        static bool Publishes(AppProcess node) => node.Log.Contains("Background job ScheduledPublisher runs on this node", StringComparison.Ordinal);
        while (!Publishes(a) && !Publishes(b))
        {
            await Task.Delay(50, ct);
        }

        var other = Publishes(a) ? b : a;
        var ceo = await SignInAsync(other, "ceo@demo.example");
        // The next whole minute at least ten seconds away (the form takes minutes).
        var now = DateTimeOffset.UtcNow;
        var due = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(now.Second < 50 ? 1 : 2);
        var title = $"Geplant über den anderen Knoten {Guid.NewGuid():N}";

        var scheduled = await TestData.PostFormAsync(ceo.Client, "/posts/new", "/drafts/schedule", DraftForms.Form(title, "Erscheint pünktlich.", publishAt: DraftForms.Local(due)));

        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await scheduled.Content.ReadAsStringAsync(ct));
        while (await ScalarAsync<long>($"SELECT COUNT(*) FROM posts WHERE title = '{title}'") == 0)
        {
            Assert.That(DateTimeOffset.UtcNow, Is.LessThan(due.AddSeconds(10)), "published within seconds of its minute");
            await Task.Delay(200, ct);
        }

        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThanOrEqualTo(due), "not before its minute");
    }

    private static async Task<long> WritePostAsync(HttpClient client, string token, string body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts")
        {
            Content = new FormUrlEncodedContent([new("kind", "micro"), new("body", body), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await client.SendAsync(request, ct);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), html);
        return long.Parse(System.Text.RegularExpressions.Regex.Match(html, "data-post-id=\"(\\d+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> WriteCommentAsync(HttpClient client, string token, long postId, string body, CancellationToken ct)
    {
        using var response = await client.PostAsync($"/posts/{postId}/comments",
            new FormUrlEncodedContent([new("body", body), new("__RequestVerificationToken", token)]), ct);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync(ct));
        return long.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long EventId(HubInvocation e) => e.Argument.GetProperty("id").GetInt64();

    private const int AddressThrottleMax = Blog.Features.Account.AddressThrottle.MaxFailures;

    private string? _database;
    private string? _redis;

    private async Task<(AppProcess A, AppProcess B)> TwoNodesAsync(string[] more, CancellationToken ct, Support.Redis? redis = null)
    {
        _database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        _redis = (redis ?? await Support.Redis.ServerAsync()).NewSetting();
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

    private async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(_database);
        return (await connection.QueryAsync<T>(sql, args)).ToList();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(_database);
        return (await connection.ExecuteScalarAsync<T>(sql))!;
    }

    private string NewDirectory() => _directories.New("intranet-blog-nodes");

    private static string Outcome(HubProtocolClient screen) =>
        !screen.Closed.IsCompleted ? "open" : "closed" + (screen.Closed.Result is { } error ? $" ({error})" : "");
}
