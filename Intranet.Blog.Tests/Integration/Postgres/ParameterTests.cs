using System.Data.Common;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// What the stores send and read back means the same on both engines: flags travel as the 0 and 1 the columns hold,
/// times as Unix milliseconds, lists as one parameter per value (PostgresConnection), empty ones too, and what each engine answers
/// (PostgreSQL's boolean EXISTS, its numeric SUM, its bigint COUNT) lands in the app's types.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class ParameterTests
{
    private sealed record Flagged
    {
        public long Id { get; init; }
        public bool Hidden { get; init; }
        public bool? Pinned { get; init; }
        public DateTimeOffset At { get; init; }
    }

    private static readonly DateTimeOffset At = new(2026, 12, 6, 11, 0, 0, 123, TimeSpan.Zero);

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Flags_times_and_answers_mean_the_same_on_both_engines(string engine)
    {
        DapperSetup.Configure();
        await using var connection = await OpenAsync(engine);
        await connection.ExecuteAsync("CREATE TABLE flagged (id bigint PRIMARY KEY, hidden bigint NOT NULL, pinned bigint, at bigint NOT NULL)");

        await connection.ExecuteAsync("INSERT INTO flagged (id, hidden, pinned, at) VALUES (@id, @hidden, @pinned, @at)",
            new[] { new { id = 1L, hidden = true, pinned = (bool?)null, at = At }, new { id = 2L, hidden = false, pinned = (bool?)true, at = At } });
        await connection.ExecuteAsync("UPDATE flagged SET at = CASE WHEN @hidden = 1 THEN @now ELSE at END WHERE (hidden = 1) = (@hidden = 1)",
            new { hidden = true, now = At.AddDays(1) });

        var rows = (await connection.QueryAsync<Flagged>("SELECT id, hidden, pinned, at FROM flagged WHERE hidden = @hidden OR id = 2 ORDER BY id", new { hidden = true })).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            new Flagged { Id = 1, Hidden = true, Pinned = null, At = At.AddDays(1) },
            new Flagged { Id = 2, Hidden = false, Pinned = true, At = At },
        }));
        Assert.That(await connection.QuerySingleAsync<bool>("SELECT EXISTS (SELECT 1 FROM flagged WHERE hidden = @hidden)", new { hidden = false }), Is.True);
        Assert.That(await connection.QuerySingleAsync<long>("SELECT SUM(hidden) FROM flagged"), Is.EqualTo(1));
        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM flagged WHERE id IN @ids", new { ids = new[] { 1L, 2L, 3L } }), Is.EqualTo(2));
        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM flagged WHERE id IN @ids", new { ids = Array.Empty<long>() }), Is.Zero, "an empty list");
        Assert.That(await connection.ExecuteAsync("UPDATE flagged SET pinned = CASE WHEN @at IS NULL THEN NULL ELSE pinned END WHERE @hidden IS NULL AND id = 2",
            new { at = (DateTimeOffset?)null, hidden = (bool?)null }), Is.EqualTo(1), "a null time or flag is a null number, whose type is known");
        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM flagged f WHERE f.id NOT IN @ids AND hidden IN @flags", new { ids = Array.Empty<long>(), flags = new[] { 1L } }),
            Is.EqualTo(1), "NOT IN an empty list");
    }

    [TestCase("sqlite", "TEXT COLLATE NOCASE")]
    [TestCase("postgres", "text COLLATE nocase")]
    public async Task Text_compared_with_a_case_insensitive_column_ignores_case_on_both_engines(string engine, string type)
    {
        DapperSetup.Configure();
        await using var connection = await OpenAsync(engine);
        if (engine == "postgres")
        {
            await connection.ExecuteAsync("CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        }

        await connection.ExecuteAsync($"CREATE TABLE people (email {type} NOT NULL, name TEXT NOT NULL)");
        await connection.ExecuteAsync("INSERT INTO people (email, name) VALUES (@email, @name)", new { email = "Anna.Ott@Example.org", name = "Anna" });

        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM people WHERE email = @email", new { email = "anna.ott@example.ORG" }), Is.EqualTo(1));
        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM people WHERE email IN @emails", new { emails = new[] { "ANNA.OTT@example.org" } }), Is.EqualTo(1));
        Assert.That(await connection.QuerySingleAsync<int>("SELECT COUNT(*) FROM people WHERE name = @name", new { name = "anna" }), Is.Zero, "a plain text column still minds case");
        Assert.That(await connection.QuerySingleAsync<string>("SELECT name || @tail FROM people WHERE @email IS NULL OR email = @email", new { tail = "!", email = (string?)null }), Is.EqualTo("Anna!"));
    }

    private static async Task<DbConnection> OpenAsync(string engine)
    {
        if (engine == "postgres")
        {
            return new PostgresConnection(await ScratchDatabase.OpenAsync(await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync()));
        }

        var sqlite = new SqliteConnection("Data Source=:memory:");
        await sqlite.OpenAsync();
        return sqlite;
    }
}
