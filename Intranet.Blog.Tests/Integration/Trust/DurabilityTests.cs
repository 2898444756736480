using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Dapper;
using Intranet.Blog.Infrastructure.Search;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Trust;

/// What a person saw saved is saved: 16 writers, the process killed with SIGKILL in the middle, then a restart.
[Category("Durability"), NonParallelizable] // kills app processes and times their recovery
public sealed class DurabilityTests
{
    private static readonly string[] Accounts = ["ceo@demo.example", "admin@demo.example", "influencer@demo.example", "staff@demo.example"];
    private static readonly string[] Kinds = ["like", "celebrate", "insightful", "support", "funny", "curious"];
    private string _data = null!;

    [SetUp]
    public void CreateDirectory() => _data = Path.Combine(Path.GetTempPath(), $"intranet-blog-kill-{Guid.NewGuid():N}");

    [TearDown]
    public void RemoveDirectory()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Test, CancelAfter(300_000)]
    public async Task Every_acknowledged_write_survives_a_kill_in_the_middle_exactly_once(CancellationToken ct)
    {
        string[] settings = ["--Intranet:SeedDemo=true", "--Intranet:Limits:WritesPerMinute=1000000", "--Intranet:Backup:Nightly=false"];
        var posts = new ConcurrentBag<long>();
        var comments = new ConcurrentBag<long>();
        var reactions = new ConcurrentBag<(string Email, string Kind)>();
        long target;

        await using (var app = await AppProcess.StartAsync(_data, settings))
        {
            var clients = new List<HttpClient>();
            foreach (var email in Accounts)
            {
                clients.Add(await SignInAsync(app.Address, email));
            }

            target = await TestData.MicroAsync(clients[0], "Ziel für Kommentare und Reaktionen");
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                var client = clients[w % clients.Count];
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        switch ((w + n) % 3)
                        {
                            case 0:
                                posts.Add(await TestData.MicroAsync(client, $"Schreiber {w}, Nummer {n}"));
                                break;
                            case 1:
                                var response = await TestData.PostFormAsync(client, "/", $"/posts/{target}/comments", new() { ["body"] = $"Kommentar {w}/{n}" }, "application/json");
                                if (response.StatusCode == HttpStatusCode.Created)
                                {
                                    var id = (await TestData.ParseAsync(response)).QuerySelector("[data-comment-id]")!.GetAttribute("data-comment-id")!;
                                    comments.Add(long.Parse(id, CultureInfo.InvariantCulture));
                                }

                                break;
                            default:
                                var kind = Kinds[n % Kinds.Length];
                                var reacted = await TestData.PostFormAsync(client, "/", $"/posts/{target}/reactions", new() { ["kind"] = kind, ["state"] = "true" }, "application/json");
                                if (reacted.StatusCode == HttpStatusCode.OK)
                                {
                                    reactions.Add((Accounts[w % Accounts.Length], kind));
                                }

                                break;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or AssertionException or IOException)
                    {
                        // The kill cuts requests off mid-flight: those were never acknowledged, so nothing is owed.
                    }
                }
            }, ct)).ToList();

            while (posts.Count + comments.Count + reactions.Count < 60 && !ct.IsCancellationRequested)
            {
                await Task.Delay(20, ct);
            }

            await app.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        await using (await AppProcess.StartAsync(_data, settings))
        {
            await using var db = await AppProcess.OpenDatabaseAsync(_data);

            // The file's own check and the search index are SQLite's; PostgreSQL has neither to look at.
            if (db is SqliteConnection sqlite)
            {
                Assert.That(await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
                // The search index (its checks read the rows through the app's text functions) equals a rebuild from the rows.
                Assert.That(await Fts5.MatchesRowsAsync(sqlite, ct), Is.True, "the search index matches its rows");
            }

            foreach (var id in posts)
            {
                Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts WHERE id = @id AND deleted_at IS NULL", new { id }), Is.EqualTo(1), $"post {id}");
            }

            foreach (var id in comments)
            {
                Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE id = @id AND post_id = @target", new { id, target }), Is.EqualTo(1), $"comment {id}");
            }

            foreach (var (email, kind) in reactions.Distinct())
            {
                var stored = await db.ExecuteScalarAsync<long>("""
                    SELECT COUNT(*) FROM reactions r JOIN users u ON u.id = r.user_id
                     WHERE r.post_id = @target AND r.comment_id IS NULL AND u.email = @email AND r.kind = @kind
                    """, new { target, email, kind });
                Assert.That(stored, Is.EqualTo(1), $"{email} {kind}");
            }

            var drift = await db.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM posts p
                 WHERE p.comment_count <> (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL)
                    OR p.seen_count <> (SELECT COUNT(*) FROM post_seen s WHERE s.post_id = p.id)
                    OR p.opened_count <> (SELECT COUNT(*) FROM post_opens o WHERE o.post_id = p.id)
                """);
            Assert.That(drift, Is.Zero, "stored counts equal the rows they count");

            var (count, first, last) = await db.QuerySingleAsync<(long, long, long)>("SELECT COUNT(*), MIN(id), MAX(id) FROM events");
            Assert.That(last - first + 1, Is.EqualTo(count), "the live event log has no gaps");
            var unlogged = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts p WHERE p.id > @target AND NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'post.created' AND e.target_id = p.id)", new { target });
            Assert.That(unlogged, Is.Zero, "every stored post has its event");
        }
    }

    private static async Task<HttpClient> SignInAsync(Uri address, string email)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var response = await TestData.PostFormAsync(client, "/account/signin", "/account/signin", new() { ["email"] = email, ["password"] = "demo" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in as {email}");
        return client;
    }
}
