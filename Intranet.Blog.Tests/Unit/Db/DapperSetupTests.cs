using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Unit.Db;

/// Times go through the one type handler as INTEGER unix milliseconds, on a real SQLite connection.
public sealed class DapperSetupTests
{
    private SqliteConnection _connection = null!;

    private sealed record Stamped
    {
        public long Id { get; init; }
        public DateTimeOffset At { get; init; }
        public DateTimeOffset? MaybeAt { get; init; }
    }

    [SetUp]
    public async Task Open()
    {
        DapperSetup.Configure();
        _connection = new SqliteConnection("Data Source=:memory:");
        await _connection.OpenAsync();
        await _connection.ExecuteAsync("CREATE TABLE stamped (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, maybe_at INTEGER)");
    }

    [TearDown]
    public async Task Close() => await _connection.DisposeAsync();

    [Test]
    public async Task A_time_is_stored_as_integer_unix_milliseconds()
    {
        var at = new DateTimeOffset(2026, 3, 29, 1, 30, 15, 123, TimeSpan.FromHours(1));

        await _connection.ExecuteAsync("INSERT INTO stamped (at) VALUES (@at)", new { at });

        Assert.That(await _connection.ExecuteScalarAsync<string>("SELECT typeof(at) FROM stamped"), Is.EqualTo("integer"));
        Assert.That(await _connection.ExecuteScalarAsync<long>("SELECT at FROM stamped"), Is.EqualTo(at.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task A_time_round_trips_as_the_same_instant_in_utc_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 10, 25, 2, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4_567);

        await _connection.ExecuteAsync("INSERT INTO stamped (at, maybe_at) VALUES (@at, @at)", new { at });
        var row = await _connection.QuerySingleAsync<Stamped>("SELECT id, at, maybe_at FROM stamped");

        var expected = DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
        Assert.That(row.At, Is.EqualTo(expected));
        Assert.That(row.At.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(row.MaybeAt, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_missing_time_round_trips_as_null()
    {
        await _connection.ExecuteAsync("INSERT INTO stamped (at, maybe_at) VALUES (@at, @maybeAt)",
            new { at = DateTimeOffset.UnixEpoch, maybeAt = (DateTimeOffset?)null });
        var row = await _connection.QuerySingleAsync<Stamped>("SELECT id, at, maybe_at FROM stamped");

        Assert.That(row.MaybeAt, Is.Null);
        Assert.That(row.At, Is.EqualTo(DateTimeOffset.UnixEpoch));
    }
}
