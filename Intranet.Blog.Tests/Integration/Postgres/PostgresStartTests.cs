using Dapper;
using Intranet.Blog.Tests.Support;
using Npgsql;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// The app started as an operator starts it on PostgreSQL: a first node on an empty database builds the schema and
/// seeds the demo, a second node on the same database finds both; settings that cannot work, and the command that is
/// SQLite's, end with one sentence.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class PostgresStartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectories _directories = new();

    [TearDown]
    public void DeleteDirectories() => _directories.DeleteAll();

    [Test, CancelAfter(240_000)]
    public async Task A_first_node_builds_and_seeds_an_empty_database_and_a_second_node_finds_it(CancellationToken ct)
    {
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(database).Database;

        await using (var first = await DemoNodeAsync(database, ct))
        {
            Assert.That(first.Log, Does.Contain($"Database: '{name}' on 127.0.0.1"));
            Assert.That(first.Log, Does.Contain("Applied migration 0048 schema"));
        }

        var people = await CountAsync(database, "SELECT COUNT(*) FROM users");
        Assert.That(people, Is.GreaterThan(100), "the demo organisation");

        await using var second = await DemoNodeAsync(database, ct);
        Assert.That(second.Log, Does.Not.Contain("Applied migration"), "the schema was there");
        Assert.That(await CountAsync(database, "SELECT COUNT(*) FROM users"), Is.EqualTo(people), "seeded once");
        using var http = new HttpClient { BaseAddress = second.Address };
        Assert.That((await http.GetAsync("/readyz", ct)).IsSuccessStatusCode, Is.True, "the heartbeat writes on PostgreSQL");
        Assert.That(second.Log, Does.Not.Contain("Building the search index"), "analysed by the first");
    }

    /// The data-protection keys are the database's on PostgreSQL: a cookie one node signed is good on every node.
    [Test, CancelAfter(240_000)]
    public async Task A_person_signed_in_through_one_node_is_signed_in_on_the_other(CancellationToken ct)
    {
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using var a = await DemoNodeAsync(database, ct);
        await using var b = await AppProcess.StartAsync(NewDirectory(), OnPostgres(database));
        // One cookie jar for both: cookies are the host's, whatever its port, as behind one proxy.
        var cookies = new System.Net.CookieContainer();
        using var viaA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a.Address };
        using var viaB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = b.Address };
        Assert.That((await viaB.GetAsync("/", ct)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "not signed in yet");

        var signedIn = await TestData.SignInAsync(viaA, "staff@demo.example", Blog.DemoData.DemoSeeder.Password);

        Assert.That(signedIn.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect), "signed in through node a");
        var page = await viaB.GetAsync("/", ct);
        Assert.That(page.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), "node b reads node a's cookie");
        Assert.That(await CountAsync(database, "SELECT COUNT(*) FROM postgres_data_protection_keys"), Is.EqualTo(1), "one key, in the database");
    }

    /// Background jobs across nodes: each runs on one of them, and when that node is killed another takes it over.
    [Test, CancelAfter(240_000)]
    public async Task Two_nodes_run_each_background_job_once_and_one_takes_over_the_jobs_of_a_killed_node(CancellationToken ct)
    {
        // The jobs that start with the first request (the due reminders' first round comes a minute later).
        string[] jobs = ["ScheduledPublisher", "Rerenderer", "GuideReminders", "ActivityRollup", "ReadRetention", "PinExpiry", "ResponseReminders", "MailRounds"];
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using var a = await DemoNodeAsync(database, ct);
        await using var b = await AppProcess.StartAsync(NewDirectory(), OnPostgres(database));
        foreach (var node in (AppProcess[])[a, b])
        {
            using var http = new HttpClient { BaseAddress = node.Address };
            await http.GetAsync("/healthz", ct);
        }

        static bool Runs(AppProcess node, string job) => node.Log.Contains($"Background job {job} runs on this node", StringComparison.Ordinal);
        while (!jobs.All(job => Runs(a, job) || Runs(b, job)))
        {
            await Task.Delay(100, ct);
        }

        await Task.Delay(TimeSpan.FromSeconds(3), ct); // each node's jobs ask as soon as it has answered its first request
        Assert.That(jobs.Where(job => Runs(a, job) && Runs(b, job)), Is.Empty, "no job on both nodes");
        var (holder, other) = Runs(a, "ScheduledPublisher") ? (a, b) : (b, a);
        var held = jobs.Where(job => Runs(holder, job)).ToList();

        await holder.KillAsync();
        foreach (var job in held)
        {
            await other.WaitForLogAsync($"Background job {job} runs on this node", ct);
        }
    }

    /// Search on PostgreSQL: the seeding's writes were analysed as they committed, every row a document and nothing
    /// left queued; a start after a change of the analyzer (here: its recorded version reset, documents lost) analyses
    /// every row again, to exactly what the writes had made.
    [Test, CancelAfter(240_000)]
    public async Task The_search_index_follows_every_write_and_a_start_after_an_analyzer_change_builds_it_again(CancellationToken ct)
    {
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        await using (var first = await DemoNodeAsync(database, ct))
        {
        }

        const string Rows = """
            SELECT (SELECT COUNT(*) FROM posts) + (SELECT COUNT(*) FROM comments) + (SELECT COUNT(*) FROM users)
                 + (SELECT COUNT(*) FROM tags) + (SELECT COUNT(*) FROM departments)
            """;
        const string Fingerprint = "SELECT md5(string_agg(doc || ':' || CAST(words AS text), ' ' ORDER BY doc)) FROM search_docs";
        var rows = await CountAsync(database, Rows);
        Assert.That(await CountAsync(database, "SELECT COUNT(*) FROM search_docs"), Is.EqualTo(rows).And.GreaterThan(1000), "one document per row");
        Assert.That(await CountAsync(database, "SELECT COUNT(*) FROM search_pending"), Is.Zero, "nothing left queued");
        Assert.That(await CountAsync(database, "SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'search_docs' AND last_analyze IS NOT NULL"),
            Is.EqualTo(1), "the planner's statistics taken after seeding, not left to autovacuum");
        await using var connection = new NpgsqlConnection(database);
        var written = await connection.ExecuteScalarAsync<string>(Fingerprint);
        await connection.ExecuteAsync("UPDATE search_state SET analyzer = 0; DELETE FROM search_docs WHERE doc % 16 < 8");

        await using var second = await AppProcess.StartAsync(NewDirectory(), OnPostgres(database));
        await second.WaitForLogAsync("documents analysed in", ct);
        Assert.That(second.Log, Does.Contain("Building the search index"));
        Assert.That(await connection.ExecuteScalarAsync<string>(Fingerprint), Is.EqualTo(written), "the same documents as the writes made");
        Assert.That(await CountAsync(database, "SELECT analyzer FROM search_state"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Settings_that_cannot_work_and_the_command_that_is_sqlites_end_with_one_sentence()
    {
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();

        var (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, ["check", .. OnPostgres(database)]);
        Assert.That(exit, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("pg_amcheck"));

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, $"--Intranet:DataDirectory={NewDirectory()}", "--Intranet:Database=postgres", "--urls", "http://127.0.0.1:0");
        Assert.That(exit, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("Intranet:Postgres:ConnectionString must say where the database is"));

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, [.. OnPostgres(database), $"--Intranet:Redis=127.0.0.1:{AppProcess.FreePort()},connectTimeout=2000", "--urls", "http://127.0.0.1:0"]);
        Assert.That(exit, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("(Intranet:Redis) cannot be reached"));
        Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1), errors);

        // A server that runs but refuses the password is not "cannot be reached".
        var guarded = await Support.Redis.StartAsync(AppProcess.FreePort(), password: "richtig");
        try
        {
            (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, [.. OnPostgres(database), $"--Intranet:Redis=127.0.0.1:{guarded.Port},password=falsch,connectTimeout=2000", "--urls", "http://127.0.0.1:0"]);
            Assert.That(exit, Is.EqualTo(1), errors);
            Assert.That(errors, Does.Contain("(Intranet:Redis) refused the password").And.Not.Contain("cannot be reached"));
        }
        finally
        {
            await guarded.KillAsync();
        }

        // A shared uploads folder that is not there (a share that failed to mount) is not made on this node, for a
        // start and for backup and restore.
        var unmounted = Path.Combine(NewDirectory(), "share", "uploads");
        foreach (var command in new[] { new[] { "--urls", "http://127.0.0.1:0" }, ["backup", Path.Combine(NewDirectory(), "b.zip")] })
        {
            (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, [.. command, .. OnPostgres(database), $"--Intranet:UploadsDirectory={unmounted}"]);
            Assert.That(exit, Is.EqualTo(1), errors);
            Assert.That(errors, Does.Contain($"The uploads folder {unmounted} (Intranet:UploadsDirectory) does not exist"));
            Assert.That(Directory.Exists(unmounted), Is.False, "not made");
        }

        (exit, _, errors) = await AppProcess.RunToEndAsync(Patience, [.. OnPostgres($"Host=127.0.0.1;Port={AppProcess.FreePort()};Username=nobody;Timeout=3"), "--urls", "http://127.0.0.1:0"]);
        Assert.That(exit, Is.EqualTo(1), errors);
        Assert.That(errors, Does.Contain("cannot be used").And.Contain("Check that the server runs"));
        Assert.That(errors.Trim().Split('\n'), Has.Length.EqualTo(1), errors);
    }

    /// While the database cannot be reached, a page and the error page both fail: the browser gets a sentence and 503,
    /// not an empty 500.
    [Test, CancelAfter(240_000)]
    public async Task While_the_database_cannot_be_reached_pages_answer_503_with_a_sentence(CancellationToken ct)
    {
        var server = await Support.Postgres.ServerAsync();
        var database = await server.CreateDatabaseAsync();
        await using var node = await DemoNodeAsync(database, ct);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = node.Address };
        Assert.That((await TestData.SignInAsync(client, "staff@demo.example", Blog.DemoData.DemoSeeder.Password)).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Redirect));

        await server.DropDatabaseAsync(new Npgsql.NpgsqlConnectionStringBuilder(database).Database!);
        using var page = await client.GetAsync("/", ct);

        Assert.That(page.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.ServiceUnavailable));
        Assert.That(await page.Content.ReadAsStringAsync(ct), Does.Contain("Das Intranet ist gerade nicht erreichbar").And.Contain("cannot be reached right now"));
        Assert.That(page.Headers.RetryAfter, Is.Not.Null);
    }

    /// A node asked to seed the demo, once it has started (seeded now, or found seeded).
    private async Task<AppProcess> DemoNodeAsync(string connectionString, CancellationToken ct)
    {
        var node = await AppProcess.StartAsync(NewDirectory(), OnPostgres(connectionString, "--Intranet:SeedDemo=true"));
        try
        {
            await node.WaitForLogAsync("Demo sign-in", ct);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private string[] OnPostgres(string connectionString, params string[] more) =>
        [$"--Intranet:DataDirectory={NewDirectory()}", "--Intranet:Database=postgres", $"--Intranet:Postgres:ConnectionString={connectionString}", .. more];

    private string NewDirectory() => _directories.New("intranet-blog-pg");

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
