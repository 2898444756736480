using System.Data.Common;
using System.Globalization;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Analytics;

/// Counts active people (and readers) per department for every week, month and quarter, and stores the counts: distinct
/// counts cannot be added up from days, and the reads they come from are deleted after the read retention. Each round
/// reads only the activity since the last one (a watermark), marks who was active in which open period, counts the
/// periods again, and forgets the marks of periods that are over. A restart loses nothing: the watermark moves in the
/// same transaction as the marks.
public sealed partial class ActivityRollup(IServiceScopeFactory scopes, Database db, ActivityStore store, ReachStore reach, PostStore posts,
    CommentStore comments, ReactionStore reactions, PeopleStore people, TopicStore topics, AnalyticsPusher pusher, TimeProvider clock, IOptions<IntranetOptions> options,
    ILogger<ActivityRollup> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(ActivityRollup), scopes, clock, Interval, async (_, ct) =>
        {
            await RunAsync(ct);
            return Interval;
        }, ex => Failed(logger, ex), stoppingToken);

    // A day of activity per transaction: catching up after a long stop (or the first round over the retention)
    // never holds the writer gate for long.
    private static readonly TimeSpan Step = TimeSpan.FromDays(1);

    /// What the day counts contain; raised when CountDaysAsync counts something new (1: posts per topic), so that the
    /// days counted before are counted again, once.
    public const int DaysVersion = 1;

    /// Reads all activity up to now, a day per transaction, and tells open dashboards when a figure changed.
    public async Task RunAsync(CancellationToken ct)
    {
        var changed = await RecountDaysAsync(ct);
        DateTimeOffset? from = null;
        while (true)
        {
            var (next, stepChanged) = await StepAsync(from, ct);
            changed |= stepChanged;
            if (next is null)
            {
                break;
            }

            from = next;
        }

        if (changed)
        {
            await pusher.PushAsync();
        }
    }

    /// Reads one day of activity from where the last step stopped (or the stored watermark), and returns where it
    /// stopped, or null once caught up.
    private async Task<(DateTimeOffset? Next, bool Changed)> StepAsync(DateTimeOffset? after, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        await using var scope = await db.BeginWriteAsync(ct);
        var now = clock.GetUtcNow();
        // The first round starts where the reads still kept begin.
        var since = now.AddDays(-options.Value.ReadRetentionDays);
        var from = after ?? await store.WatermarkAsync(scope.Connection, scope.Transaction) ?? since;
        if (from >= now)
        {
            return (null, false);
        }

        var to = from + Step < now ? from + Step : now;
        var reads = await reach.OpensBetweenAsync(scope.Connection, scope.Transaction, from, to);
        var acts = (await posts.WritersBetweenAsync(scope.Connection, scope.Transaction, from, to))
            .Concat(await comments.CommentersBetweenAsync(scope.Connection, scope.Transaction, from, to))
            .Concat(await reactions.ReactorsBetweenAsync(scope.Connection, scope.Transaction, from, to)).ToList();
        var marks = new Dictionary<(string, string, long), ActivityMark>();
        void Mark(PersonActivity activity, bool read)
        {
            foreach (var kind in Period.Kinds)
            {
                var period = Period.Containing(kind, activity.At, zone);
                var key = (kind, period.Key, activity.UserId);
                if (!marks.TryGetValue(key, out var mark) || read && !mark.Read)
                {
                    marks[key] = new ActivityMark(kind, period.Key, activity.UserId, period.EndsAt, read);
                }
            }
        }

        foreach (var read in reads)
        {
            Mark(read, true);
        }

        foreach (var act in acts)
        {
            Mark(act, false);
        }

        // A quiet day writes nothing, not even the watermark: reading it again next round finds the same nothing
        // (marks are idempotent), and an idle organisation's database stays untouched between requests.
        var changed = marks.Count > 0;
        if (changed)
        {
            await store.MarkAsync(scope.Connection, scope.Transaction, marks.Values);
            await store.CountAsync(scope.Connection, scope.Transaction);
        }

        if (acts.Count > 0)
        {
            await CountDaysAsync(scope.Connection, scope.Transaction, from, to, zone, ct);
        }

        changed |= await store.ForgetEndedAsync(scope.Connection, scope.Transaction, to) > 0;
        if (changed)
        {
            await store.SetWatermarkAsync(scope.Connection, scope.Transaction, to, since);
            await scope.CommitAsync(ct);
        }

        return (to < now ? to : null, changed);
    }

    /// The days counted under an older DaysVersion, counted again from their rows (a day per transaction, newest
    /// first, so this week's dashboard is right first); true when there were any.
    private async Task<bool> RecountDaysAsync(CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        DateTimeOffset? since, until;
        await using (var connection = await db.OpenAsync(ct))
        {
            since = await store.CountedSinceAsync(connection, ct);
        }

        await using (var scope = await db.BeginWriteAsync(ct))
        {
            if (await store.DaysVersionAsync(scope.Connection, scope.Transaction) is not { Version: < DaysVersion } counted || since is null)
            {
                return false;
            }

            until = counted.Until;
        }

        for (var day = Period.DayOf(until.Value, zone); Period.StartOf(day.AddDays(1), zone) > since; day = day.AddDays(-1))
        {
            await using var scope = await db.BeginWriteAsync(ct);
            await CountDaysAsync(scope.Connection, scope.Transaction, Period.StartOf(day, zone), Period.StartOf(day, zone).AddTicks(1), zone, ct);
            await scope.CommitAsync(ct);
        }

        await using (var scope = await db.BeginWriteAsync(ct))
        {
            await store.SetDaysVersionAsync(scope.Connection, scope.Transaction, DaysVersion);
            await scope.CommitAsync(ct);
        }

        return true;
    }

    /// Counts again each whole local day that [from, to) touches: posts by kind and by topic, reactions, and comments by the levels
    /// of who wrote them and whose post they are under (levels as they are now, a few minutes after the comment).
    private async Task CountDaysAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken ct)
    {
        var places = await people.PlacesAsync(connection, ct);
        for (var day = Period.DayOf(from, zone); Period.StartOf(day, zone) < to; day = day.AddDays(1))
        {
            var (start, end) = (Period.StartOf(day, zone), Period.StartOf(day.AddDays(1), zone));
            var key = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var counts = (await posts.KindCountsBetweenAsync(connection, transaction, start, end))
                .Select(c => new DayCount { Day = key, DepartmentId = c.DepartmentId, Metric = DayMetrics.Post(c.Kind), Count = c.Count })
                .Concat((await reactions.CountsBetweenAsync(connection, transaction, start, end))
                    .Select(c => new DayCount { Day = key, DepartmentId = c.DepartmentId, Metric = DayMetrics.Reaction, Count = c.Count }))
                .Concat((await comments.ExchangesBetweenAsync(connection, transaction, start, end))
                    .Where(e => places.ContainsKey(e.WriterId) && places.ContainsKey(e.AuthorId))
                    .GroupBy(e => (e.DepartmentId, Metric: DayMetrics.Dialogue(places[e.WriterId].Level, places[e.AuthorId].Level)))
                    .Select(g => new DayCount { Day = key, DepartmentId = g.Key.DepartmentId, Metric = g.Key.Metric, Count = g.Count() }))
                .Concat((await topics.DepartmentCountsBetweenAsync(connection, transaction, start, end))
                    .Select(c => new DayCount { Day = key, DepartmentId = c.DepartmentId, Metric = DayMetrics.Topic(c.TagId), Count = c.Count }));
            await store.ReplaceDayAsync(connection, transaction, key, counts);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting active people failed; the next round catches up")]
    private static partial void Failed(ILogger logger, Exception exception);
}
