using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// Two nodes on one PostgreSQL database: what one commits empties the other's cached reads, as one node's own
/// writes do on SQLite; the heartbeat and a write that rolls back do not.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class CommitsAcrossNodesTests
{
    [Test]
    public async Task A_write_committed_on_one_node_makes_the_others_cached_reads_stale()
    {
        var connectionString = await ScratchDatabase.MigratedAsync();
        await using var a = Node(connectionString);
        await using var b = Node(connectionString);
        await b.StartAsync(CancellationToken.None);
        await WaitAsync(() => b.Listens, "node b listens");

        var cache = new VersionedCache<string, string>(b);
        async Task<string> NonceAsync() => await cache.GetAsync("nonce", async ct =>
        {
            await using var connection = await b.OpenAsync(ct);
            return await connection.ExecuteScalarAsync<string?>("SELECT nonce FROM heartbeat WHERE id = 1") ?? "none";
        }, CancellationToken.None);

        Assert.That(await NonceAsync(), Is.EqualTo("none"));
        var before = b.Version;

        await using (var probe = await a.BeginProbeAsync())
        {
            await probe.Connection.ExecuteAsync("INSERT INTO heartbeat (id, beat_at, nonce) VALUES (1, 0, 'quiet')", transaction: probe.Transaction);
            await probe.CommitAsync();
        }

        await using (var rolledBack = await a.BeginWriteAsync())
        {
            await rolledBack.Connection.ExecuteAsync("UPDATE heartbeat SET nonce = 'rolled back'", transaction: rolledBack.Transaction);
        }

        await using (var write = await a.BeginWriteAsync())
        {
            await write.Connection.ExecuteAsync("UPDATE heartbeat SET nonce = 'committed'", transaction: write.Transaction);
            await write.CommitAsync();
        }

        await WaitAsync(() => b.Version > before, "node b hears of node a's commit");
        Assert.That(b.Version, Is.EqualTo(before + 1), "only the committed write was announced: not the heartbeat's, not the rolled-back one");
        Assert.That(await NonceAsync(), Is.EqualTo("committed"));
        await b.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task A_background_job_runs_on_one_node_and_moves_to_another_when_that_node_stops_or_loses_its_connection()
    {
        var connectionString = await ScratchDatabase.MigratedAsync();
        await using var a = Node(connectionString);
        await using var b = Node(connectionString);
        var c = Node(connectionString);

        Assert.That(await a.RunsJobAsync("Publisher", CancellationToken.None), Is.True, "the first to ask runs it");
        Assert.That(await b.RunsJobAsync("Publisher", CancellationToken.None), Is.False, "one node at a time");
        Assert.That(await c.RunsJobAsync("Publisher", CancellationToken.None), Is.False);
        Assert.That(await b.RunsJobAsync("Reminders", CancellationToken.None), Is.True, "each job by itself");
        Assert.That(await a.RunsJobAsync("Reminders", CancellationToken.None), Is.False);
        Assert.That(await a.RunsJobAsync("Publisher", CancellationToken.None), Is.True, "and for as long as the node lives");

        // Node a's connection is cut (a network fault, a restarted pooler): its next ask learns it, and one other node
        // takes the job over.
        await using (var admin = new Npgsql.NpgsqlConnection(connectionString))
        {
            await admin.ExecuteAsync("""
                SELECT pg_terminate_backend(l.pid) FROM pg_locks l
                 WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND CAST(l.objid AS bigint) = @key
                """, new { key = (long)(uint)Infrastructure.Db.PostgresDatabase.JobKey("Publisher") });
        }

        Assert.That(await a.RunsJobAsync("Publisher", CancellationToken.None), Is.False, "lost with its connection");
        Assert.That(await c.RunsJobAsync("Publisher", CancellationToken.None), Is.True, "taken over");
        Assert.That(await b.RunsJobAsync("Publisher", CancellationToken.None), Is.False, "by one node");

        // A node that stops lets its jobs go with its connection.
        await c.DisposeAsync();
        for (var waited = 0; !await a.RunsJobAsync("Publisher", CancellationToken.None); waited += 50)
        {
            Assert.That(waited, Is.LessThan(10_000), "node a takes the job over once node c has stopped");
            await Task.Delay(50);
        }

        Assert.That(await b.RunsJobAsync("Publisher", CancellationToken.None), Is.False);
    }

    /// Sixteen writers on two nodes append events at once while a third node catches up as a browser does (the events
    /// after the newest it has): it never passes an id that commits later, so it ends up with every event, each once.
    [Test, CancelAfter(120_000)]
    public async Task A_reader_catching_up_while_two_nodes_write_at_once_never_skips_an_event(CancellationToken ct)
    {
        DapperSetup.Configure(); // the app's type handlers (times as unix milliseconds), as its start registers them
        var connectionString = await ScratchDatabase.MigratedAsync();
        await using var a = Node(connectionString);
        await using var b = Node(connectionString);
        await using var reader = Node(connectionString);
        var writers = new[] { a, b }.SelectMany(node => Enumerable.Range(0, 8).Select(async w =>
        {
            var events = new Blog.Features.Shared.EventStore(node, TimeProvider.System);
            for (var i = 0; i < 25; i++)
            {
                await using var scope = await node.BeginWriteAsync(ct);
                await events.AppendAsync(scope, "test.written", w * 1000 + i, postId: null, actorId: null);
                if (i % 5 == 4)
                {
                    continue; // rolled back: an id that is never committed, a gap the reader must not wait for
                }

                await scope.CommitAsync(ct);
            }
        })).ToList();

        var log = new Blog.Features.Shared.EventStore(reader, TimeProvider.System);
        var seen = new List<long>();
        var writing = Task.WhenAll(writers);
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await log.AfterAsync(seen.Count == 0 ? 0 : seen[^1], viewer: 0, take: 50, ct);
            seen.AddRange(page.Select(e => e.Id));
            if (done && page.Count == 0)
            {
                break;
            }
        }

        await writing;
        await using var connection = await reader.OpenAsync(ct);
        var committed = (await connection.QueryAsync<long>("SELECT id FROM events WHERE kind = 'test.written' ORDER BY id")).ToList();
        Assert.That(committed, Has.Count.EqualTo(16 * 20));
        Assert.That(seen, Is.EqualTo(committed), "every committed event, in id order, none skipped and none twice");
    }

    private static Infrastructure.Db.PostgresDatabase Node(string connectionString)
    {
        var options = Options.Create(new IntranetOptions { Database = "postgres", Postgres = { ConnectionString = connectionString } });
        return new Infrastructure.Db.PostgresDatabase(options, new ReadOnlyMode(options, TimeProvider.System, NullLogger<ReadOnlyMode>.Instance),
            NullLogger<Infrastructure.Db.PostgresDatabase>.Instance);
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 20)
        {
            Assert.That(waited, Is.LessThan(10_000), what);
            await Task.Delay(20);
        }
    }
}
