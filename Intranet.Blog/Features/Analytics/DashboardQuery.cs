using System.Data.Common;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Reach;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Analytics;

/// Who sees which departments on the dashboard: executives and admins the whole company, influencers and heads the
/// departments they curate.
public sealed record DashboardScope(bool Company, IReadOnlySet<long> Departments)
{
    public bool Covers(long departmentId) => Company || Departments.Contains(departmentId);
}

/// The analytics dashboard's figures for one period, from the stored rollups (activity_rollups, activity_days) and a
/// few small reads (questions, topics, must-reads, helpful acts). Every figure about people is a group of five or more.
public sealed class DashboardQuery(Database db, ActivityStore activity, PeopleStore people, DepartmentStore departments,
    QuestionStore questions, ResponseTargets targets, TopicStore topics, AnnouncementStore announcements, PostStore posts, CommentStore comments,
    CurationRights curation, TimeProvider clock, IOptions<IntranetOptions> options)
{
    public const int TopicCount = 8;
    public const int HelpfulPerDepartment = 10;
    public const int HelpfulScore = 3;
    public const string Kinds = "article,micro,guide";

    /// Null: the viewer may not see the dashboard.
    public async Task<DashboardScope?> ScopeAsync(Viewer viewer, CancellationToken ct)
    {
        if (viewer.IsAdmin || viewer.IsExecutive)
        {
            return new DashboardScope(true, new HashSet<long>());
        }

        var curated = await curation.CuratedAsync(viewer, ct);
        return curated.Count == 0 ? null : new DashboardScope(false, curated);
    }

    public async Task<DashboardView> GetAsync(DashboardScope scope, DashboardPeriod period, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var previous = period.Previous;
        // Weeks that have not begun yet have no figures, not zeros.
        var trend = period.TrendWeeksList.Where(w => Period.StartOf(w, period.Zone) <= now).DefaultIfEmpty(period.TrendWeeksList[0]).ToList();
        var names = (await departments.ListAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        await using var connection = await db.OpenAsync(ct);
        var places = await people.PlacesAsync(connection, ct);
        var accounts = places.Values.Where(p => p.IsActive).GroupBy(p => p.DepartmentId ?? 0).ToDictionary(g => g.Key, g => g.Count());
        var daysFrom = trend[0] < previous.Start ? trend[0] : previous.Start;
        var days = (await activity.DaysAsync(connection, DashboardPeriod.Key(daysFrom), period.EndKey, ct)).Where(d => scope.Covers(d.DepartmentId)).ToList();
        int BandOf(int level) => ReachFunnel.BandOf(level, o.LeadershipUpToLevel, o.ManagementUpToLevel);
        var bandSizes = new int[ReachFunnel.Bands];
        foreach (var p in places.Values.Where(p => p.IsActive))
        {
            bandSizes[BandOf(p.Level)]++;
        }

        var bands = SmallGroups.Bands(bandSizes);
        int GroupOf(int level) => bands.ToList().FindIndex(b => b.First <= BandOf(level) && BandOf(level) <= b.Last);

        return new DashboardView
        {
            Period = period,
            Company = scope.Company,
            CountedSince = await activity.CountedSinceAsync(connection, ct) is { } since && since > period.StartsAt ? Period.DayOf(since, period.Zone) : null,
            Active = await ActiveAsync(connection, scope, period, accounts, names, ct),
            PreviousActive = await ActiveAsync(connection, scope, previous, accounts, names, ct),
            ActiveTrend = await ActiveTrendAsync(connection, scope, trend, period.EndKey, accounts, ct),
            Content = [.. trend.Select(week => ContentOf(days, week, week.AddDays(7)))],
            Totals = ContentOf(days, period.Start, period.End),
            PreviousTotals = ContentOf(days, previous.Start, previous.End),
            Bands = bands,
            Matrix = MatrixOf(days, period, bands.Count, GroupOf),
            FarShare = FarShare(days, period.Start, period.End),
            PreviousFarShare = FarShare(days, previous.Start, previous.End),
            FarTrend = [.. trend.Select(week => FarShare(days, week, week.AddDays(7)))],
            LeadershipAnswers = scope.Company && bands.Count >= 2 ? await LeadershipAnswersAsync(connection, places, period, bands, BandOf, now, ct) : null,
            Responses = await ResponsesAsync(connection, scope, period, names, now, ct),
            PreviousResponses = (await ResponsesAsync(connection, scope, previous, names, now, ct)).Total,
            Topics = await TopicsAsync(connection, days, period, ct),
            MustRead = await MustReadAsync(connection, scope, period, trend, ct),
            Helpful = o.HelpfulColleagues ? await HelpfulAsync(connection, scope, period, names, ct) : null,
            LeadershipUpTo = o.LeadershipUpToLevel,
            ManagementUpTo = o.ManagementUpToLevel,
        };
    }

    /// Active people per department: the stored distinct count of the week, month or quarter; for a custom range the
    /// average of its weeks' counts. Departments under five are counted together (SmallGroups); an influencer's own
    /// department under five shows as "fewer than five", and then no total is shown (it would give it away).
    private async Task<ActiveFigures> ActiveAsync(DbConnection connection, DashboardScope scope, DashboardPeriod period,
        IReadOnlyDictionary<long, int> current, IReadOnlyDictionary<long, string> names, CancellationToken ct)
    {
        var kind = period.Kind == DashboardPeriod.Custom ? Period.Week : period.Kind;
        var rows = await activity.RollupsBetweenAsync(connection, kind, period.StartKey, period.Kind == DashboardPeriod.Custom ? period.EndKey : DashboardPeriod.Key(period.Start.AddDays(1)), ct);
        var periods = Math.Max(1, period.Kind == DashboardPeriod.Custom ? period.Weeks.Count : 1);
        var departmentIds = current.Keys.Concat(rows.Select(r => r.DepartmentId)).Distinct().Where(scope.Covers).ToList();
        var sizes = departmentIds.ToDictionary(d => d, d => rows.Where(r => r.DepartmentId == d).Select(r => r.Accounts).DefaultIfEmpty(current.GetValueOrDefault(d)).Max());
        var active = departmentIds.ToDictionary(d => d, d => rows.Where(r => r.DepartmentId == d).Sum(r => r.Active) / (double)periods);
        ActiveRow Row(string? name, bool others, IEnumerable<long> members) =>
            new(name, others, members.Sum(sizes.GetValueOrDefault), members.Sum(active.GetValueOrDefault));

        if (scope.Company)
        {
            var groups = SmallGroups.Departments(sizes);
            var shown = groups.Select(g => Row(g.Id is { } id ? names.GetValueOrDefault(id) : null, g.Id is null, g.Members)).ToList();
            return new ActiveFigures(shown, groups.Count == 0 ? null : Row(null, false, groups.SelectMany(g => g.Members)), false);
        }

        var own = departmentIds.Where(d => d != 0).OrderByDescending(sizes.GetValueOrDefault).ThenBy(d => d).ToList();
        var suppressed = own.Any(d => sizes[d] < ReachFunnel.SmallestGroup);
        var list = own.Select(d => sizes[d] >= ReachFunnel.SmallestGroup ? Row(names.GetValueOrDefault(d), false, [d]) : new ActiveRow(names.GetValueOrDefault(d), false, 0, 0) { TooFew = true }).ToList();
        return new ActiveFigures(list, suppressed || own.Count < 2 ? null : Row(null, false, own), suppressed);
    }

    /// The share of active people per week of the trend, of all the departments the viewer sees (never under five).
    private async Task<IReadOnlyList<double?>> ActiveTrendAsync(DbConnection connection, DashboardScope scope, IReadOnlyList<DateOnly> weeks,
        string endKey, IReadOnlyDictionary<long, int> current, CancellationToken ct)
    {
        var rows = (await activity.RollupsBetweenAsync(connection, Period.Week, DashboardPeriod.Key(weeks[0]), endKey, ct)).Where(r => scope.Covers(r.DepartmentId)).ToList();
        var everyone = current.Where(c => scope.Covers(c.Key)).Sum(c => c.Value);
        return [.. weeks.Select(week =>
        {
            var of = rows.Where(r => r.StartsOn == DashboardPeriod.Key(week)).ToList();
            var size = everyone - of.Sum(r => current.GetValueOrDefault(r.DepartmentId)) + of.Sum(r => r.Accounts);
            return size < ReachFunnel.SmallestGroup ? (double?)null : 100.0 * of.Sum(r => r.Active) / size;
        })];
    }

    private static ContentRow ContentOf(IReadOnlyList<DayCount> days, DateOnly from, DateOnly to)
    {
        var (f, t) = (DashboardPeriod.Key(from), DashboardPeriod.Key(to));
        var inside = days.Where(d => string.CompareOrdinal(d.Day, f) >= 0 && string.CompareOrdinal(d.Day, t) < 0).ToList();
        int Posts(string kind) => inside.Where(d => DayMetrics.PostKind(d.Metric) == kind).Sum(d => d.Count);
        return new ContentRow(from, Posts("article"), Posts("micro"), Posts("guide"),
            inside.Where(d => DayMetrics.Levels(d.Metric) is not null).Sum(d => d.Count), inside.Where(d => d.Metric == DayMetrics.Reaction).Sum(d => d.Count));
    }

    /// Comments where writer and post author are two or more levels apart, as a share of all comments (null: none).
    private static double? FarShare(IReadOnlyList<DayCount> days, DateOnly from, DateOnly to)
    {
        var (f, t) = (DashboardPeriod.Key(from), DashboardPeriod.Key(to));
        var dialogue = days.Where(d => string.CompareOrdinal(d.Day, f) >= 0 && string.CompareOrdinal(d.Day, t) < 0)
            .Select(d => (Levels: DayMetrics.Levels(d.Metric), d.Count)).Where(d => d.Levels is not null).ToList();
        var all = dialogue.Sum(d => d.Count);
        return all == 0 ? null : 100.0 * dialogue.Where(d => Math.Abs(d.Levels!.Value.Writer - d.Levels.Value.Author) >= 2).Sum(d => d.Count) / all;
    }

    private static int[][] MatrixOf(IReadOnlyList<DayCount> days, DashboardPeriod period, int groups, Func<int, int> groupOf)
    {
        var matrix = Enumerable.Range(0, groups).Select(_ => new int[groups]).ToArray();
        foreach (var d in days.Where(d => string.CompareOrdinal(d.Day, period.StartKey) >= 0 && string.CompareOrdinal(d.Day, period.EndKey) < 0))
        {
            if (DayMetrics.Levels(d.Metric) is { } levels && groupOf(levels.Writer) is >= 0 and var w && groupOf(levels.Author) is >= 0 and var a)
            {
                matrix[w][a] += d.Count;
            }
        }

        return matrix;
    }

    /// Comments by staff (the lowest band group) under posts of leadership (the highest) written in the period, and how
    /// many of them someone of leadership answered under the same post within one working day (the organisation's
    /// hours). A comment whose working day is not over yet and is still unanswered is left out of the share.
    private async Task<LeadershipAnswers> LeadershipAnswersAsync(DbConnection connection, IReadOnlyDictionary<long, OrgPlace> places,
        DashboardPeriod period, IReadOnlyList<(int First, int Last)> bands, Func<int, int> bandOf, DateTimeOffset now, CancellationToken ct)
    {
        bool In((int First, int Last) group, OrgPlace p) => group.First <= bandOf(p.Level) && bandOf(p.Level) <= group.Last;
        var leaders = places.Values.Where(p => In(bands[0], p)).Select(p => p.Id).ToHashSet();
        var week = targets.Organisation;
        var day = TimeSpan.FromMinutes(week.End - week.Start);
        var thread = await comments.OnPostsOfAsync(connection, leaders, period.StartsAt.AddDays(-30), period.StartsAt, week.After(period.EndsAt, day), ct);
        var staff = thread.Where(c => c.CreatedAt < period.EndsAt && places.TryGetValue(c.WriterId, out var p) && In(bands[^1], p)).ToList();
        int answered = 0, decided = 0;
        foreach (var comment in staff)
        {
            var due = week.After(comment.CreatedAt, day);
            var answer = thread.Any(c => c.PostId == comment.PostId && leaders.Contains(c.WriterId) && c.CreatedAt > comment.CreatedAt && c.CreatedAt <= due);
            if (answer || due <= now)
            {
                decided++;
                answered += answer ? 1 : 0;
            }
        }

        return new LeadershipAnswers(staff.Count, decided < ReachFunnel.SmallestGroup ? null : 100.0 * answered / decided);
    }

    private async Task<ResponseFiguresByDepartment> ResponsesAsync(DbConnection connection, DashboardScope scope, DashboardPeriod period,
        IReadOnlyDictionary<long, string> names, DateTimeOffset now, CancellationToken ct)
    {
        var asked = (await questions.AnsweringAsync(connection, period.StartsAt, period.EndsAt, ct)).Where(q => q.DepartmentId is { } d && scope.Covers(d)).ToList();
        var ids = asked.Select(q => q.DepartmentId!.Value).Distinct().ToList();
        var stored = await questions.TargetsAsync(connection, ids, ct);
        var pairs = asked.Select(q => (q, targets.For(stored.GetValueOrDefault(q.DepartmentId!.Value)))).ToList();
        var rows = pairs.GroupBy(p => p.q.DepartmentId!.Value)
            .Select(g => (Name: names.GetValueOrDefault(g.Key) ?? "", Figures: ResponseFigures.Of(period.Start, g.ToList(), now)))
            .OrderBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        return new ResponseFiguresByDepartment(rows, ResponseFigures.Of(period.Start, pairs, now));
    }

    /// The topics with the most posts in the period, from the rollup's days (already cut to the scope), against the
    /// previous period.
    private async Task<IReadOnlyList<TopicGrowth>> TopicsAsync(DbConnection connection, IReadOnlyList<DayCount> days, DashboardPeriod period, CancellationToken ct)
    {
        Dictionary<long, int> Count(DateOnly from, DateOnly to) => days
            .Where(d => DashboardPeriod.Key(from).CompareTo(d.Day) <= 0 && d.Day.CompareTo(DashboardPeriod.Key(to)) < 0)
            .Select(d => (Id: DayMetrics.TopicId(d.Metric), d.Count)).Where(d => d.Id is not null)
            .GroupBy(d => d.Id!.Value).ToDictionary(g => g.Key, g => g.Sum(d => d.Count));
        var now = Count(period.Start, period.End);
        var before = Count(period.Previous.Start, period.Previous.End);
        var names = await topics.ByIdsAsync(connection, now.Keys.ToList(), ct);
        return [.. now.Where(t => names.ContainsKey(t.Key))
            .Select(t => new TopicGrowth(new TrendingTopic { Key = names[t.Key].Key, Name = names[t.Key].Name, Posts = t.Value }, before.GetValueOrDefault(t.Key)))
            .OrderByDescending(g => g.Topic.Posts).ThenBy(g => g.Topic.Key, StringComparer.Ordinal).Take(TopicCount)];
    }

    /// Must-reads published per week of the trend: of everyone addressed (in the viewer's departments), the share who
    /// acknowledged; a must-read addressed to fewer than five of them is left out.
    private async Task<MustReadFigures> MustReadAsync(DbConnection connection, DashboardScope scope, DashboardPeriod period,
        IReadOnlyList<DateOnly> weeks, CancellationToken ct)
    {
        var rows = await announcements.CompletionAsync(connection, Period.StartOf(weeks[0], period.Zone), period.EndsAt, ct);
        var perPost = rows.Where(r => scope.Covers(r.DepartmentId)).GroupBy(r => r.PostId)
            .Select(g => (Day: Period.DayOf(g.First().CreatedAt, period.Zone), Addressed: g.Sum(r => r.Addressed), Acknowledged: g.Sum(r => r.Acknowledged)))
            .Where(p => p.Addressed >= ReachFunnel.SmallestGroup).ToList();
        double? Share(IEnumerable<(DateOnly Day, int Addressed, int Acknowledged)> posts)
        {
            var list = posts.ToList();
            return list.Count == 0 ? null : 100.0 * list.Sum(p => p.Acknowledged) / list.Sum(p => p.Addressed);
        }

        var inPeriod = perPost.Where(p => p.Day >= period.Start && p.Day < period.End).ToList();
        return new MustReadFigures(inPeriod.Count, Share(inPeriod),
            [.. weeks.Select(w => Share(perPost.Where(p => p.Day >= w && p.Day < w.AddDays(7))))]);
    }

    /// Names only, per department, alphabetical: people whose public acts helped others in the period (answers
    /// accepted and guides count three, each helpful mark one; at least HelpfulScore), the HelpfulPerDepartment most.
    /// Never from reading. Opted-out and deactivated people are not named.
    private async Task<IReadOnlyList<HelpfulDepartment>> HelpfulAsync(DbConnection connection, DashboardScope scope, DashboardPeriod period,
        IReadOnlyDictionary<long, string> names, CancellationToken ct)
    {
        var score = new Dictionary<long, int>();
        void Add(IEnumerable<long> ids, int points)
        {
            foreach (var id in ids)
            {
                score[id] = score.GetValueOrDefault(id) + points;
            }
        }

        Add(await questions.AcceptedAnswerersAsync(connection, period.StartsAt, period.EndsAt, ct), 3);
        Add(await questions.HelpedAsync(connection, period.StartsAt, period.EndsAt, ct), 1);
        Add(await posts.GuideWritersAsync(connection, period.StartsAt, period.EndsAt, ct), 3);
        var candidates = score.Where(s => s.Value >= HelpfulScore).Select(s => s.Key).ToList();
        var listed = await people.HelpfulListedAsync(connection, candidates, ct);
        return [.. listed.Where(p => p.DepartmentId != 0 && scope.Covers(p.DepartmentId)).GroupBy(p => p.DepartmentId)
            .Select(g => new HelpfulDepartment(names.GetValueOrDefault(g.Key) ?? "",
                [.. g.OrderByDescending(p => score[p.Id]).ThenBy(p => p.Id).Take(HelpfulPerDepartment)
                    .OrderBy(p => p.Name, StringComparer.CurrentCulture).Select(p => new HelpfulPerson(p.Id, p.Name))]))
            .OrderBy(d => d.Department, StringComparer.CurrentCulture)];
    }
}
