using Dapper;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Feed;

/// The feed-visit columns of users: when a person's current and previous visits to the feed began.
public sealed class FeedVisitStore(Database db, TimeProvider clock)
{
    public static readonly TimeSpan VisitLength = TimeSpan.FromMinutes(30);

    // Read on every feed page, written once a visit: kept until the next write.
    private readonly VersionedCache<long, (long? Last, long? Prior)> _visits = new(db);

    private const string FeedVisitSql = """
        SELECT last_feed_visit AS last, prior_feed_visit AS prior
          FROM users
         WHERE id = @id
        """;

    private const string StartVisitSql = """
        UPDATE users
           SET prior_feed_visit = last_feed_visit, last_feed_visit = @now
         WHERE id = @id AND (last_feed_visit IS NULL OR last_feed_visit < @visitStart)
        """;

    /// A visit lasts VisitLength from its first feed view; returns when the visit before this one began, for the
    /// "new since your last visit" divider. Reloads within a visit keep the divider where it was and write nothing.
    public async Task<DateTimeOffset?> FeedVisitAsync(long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var visit = await _visits.GetAsync(id, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            return await connection.QuerySingleOrDefaultAsync<(long? Last, long? Prior)>(new CommandDefinition(FeedVisitSql, new { id }, cancellationToken: c));
        }, ct);
        if (visit.Last is { } last && DapperSetup.FromUnixMs(last) >= now - VisitLength)
        {
            return visit.Prior is { } prior ? DapperSetup.FromUnixMs(prior) : null;
        }

        // Not written (read-only mode): the divider stands where this visit would have put it.
        DateTimeOffset? unrecorded = visit.Last is { } l ? DapperSetup.FromUnixMs(l) : null;
        return await db.TryWriteAsync(async scope =>
        {
            await scope.Connection.ExecuteAsync(new CommandDefinition(StartVisitSql, new { id, now, visitStart = now - VisitLength }, scope.Transaction, cancellationToken: ct));
            var started = await scope.Connection.QuerySingleAsync<(long? Last, long? Prior)>(new CommandDefinition(FeedVisitSql, new { id }, scope.Transaction, cancellationToken: ct));
            await scope.CommitAsync(ct);
            return started.Prior is { } p ? DapperSetup.FromUnixMs(p) : (DateTimeOffset?)null;
        }, unrecorded, ct);
    }
}
