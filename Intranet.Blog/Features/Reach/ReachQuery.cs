using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Reach;

/// A post's reach funnel for its author and admins: a fixed handful of reads (the post's counted opens, its
/// notifications, reactions, comments and acknowledgements, and everyone's department and level), never a scan of
/// all reads. Only counts of groups of five or more leave here.
public sealed class ReachQuery(Database db, ReachStore reach, PeopleStore people, DepartmentStore departments, AnnouncementStore announcements,
    NotificationStore notifications, ReactionStore reactions, CommentStore comments, TimeProvider clock, IOptions<IntranetOptions> options)
{
    private const int AuthorSamples = 50;
    private const int CompanySamples = 200;

    public async Task<ReachView> GetAsync(PostRow post, CancellationToken ct)
    {
        var o = options.Value;
        FunnelInput input;
        Announcement? announcement;
        IReadOnlyList<int> own, company;
        await using (var connection = await db.OpenAsync(ct))
        {
            var places = await people.PlacesAsync(connection, ct);
            announcement = await announcements.GetAsync(connection, post.Id);
            IReadOnlyList<AudienceMember> audience = announcement is null
                ? [.. places.Values.Where(p => p.IsActive && p.Id != post.AuthorId).Select(p => new AudienceMember(p.Id, p.DepartmentId, p.Level))]
                : [.. (await announcements.AddresseesAsync(connection, post.Id, ct))
                    .Where(a => a.UserId != post.AuthorId && places.ContainsKey(a.UserId))
                    .Select(a => new AudienceMember(a.UserId, a.DepartmentId, places[a.UserId].Level))];
            var engaged = (await reactions.ReactorsAsync(connection, post.Id, ct)).Concat(await comments.CommentersAsync(connection, post.Id, ct)).ToList();
            var acknowledged = announcement is { MustRead: true } ? await announcements.AcknowledgedByAsync(connection, post.Id, announcement.Round, ct) : [];
            input = new FunnelInput(audience, places, await notifications.NotifiedAboutPostAsync(connection, post.Id, ct), engaged, acknowledged,
                await reach.OpenCountsAsync(connection, post.Id, ct));
            own = await reach.FirstWeekOpenedAsync(connection, post.Id, post.Kind, post.AuthorId, AuthorSamples, ct);
            company = await reach.FirstWeekOpenedAsync(connection, post.Id, post.Kind, null, CompanySamples, ct);
        }

        var names = (await departments.ListAsync(ct)).ToDictionary(d => d.Id, d => d.Name);
        var total = ReachFunnel.Count(input, (_, _) => 0)[0];
        var tooFew = total.Audience < ReachFunnel.SmallestGroup;
        var byDepartment = tooFew ? [] : ReachFunnel.Departments(ReachFunnel.Count(input, (department, _) => department ?? 0));
        int BandOf(int level) => ReachFunnel.BandOf(level, o.LeadershipUpToLevel, o.ManagementUpToLevel);
        var byBand = tooFew ? [] : ReachFunnel.Bands3(ReachFunnel.Count(input, (_, level) => BandOf(level)));
        var bandsCross = !ReachFunnel.CrossingsAreSafe(input.Audience, [.. byDepartment.Select(d => d.DepartmentId)], [.. byBand.Select(b => (b.First, b.Last))], BandOf);
        if (bandsCross)
        {
            byBand = [];
        }

        return new ReachView
        {
            PostId = post.Id,
            Title = post.Title ?? post.Excerpt,
            MustRead = announcement is { MustRead: true },
            Addressed = announcement is not null,
            TooFew = tooFew,
            Total = total,
            Departments = [.. byDepartment.Select(d => new ReachRow(d.DepartmentId is { } id ? names.GetValueOrDefault(id) : null, d.DepartmentId is null, null, null, d.Tally))],
            Bands = [.. byBand.Select(b => new ReachRow(null, false, b.First, b.Last, b.Tally))],
            BandsCross = bandsCross,
            Age = clock.GetUtcNow() - post.CreatedAt,
            OwnMedian = ReachFunnel.Median(own),
            CompanyMedian = ReachFunnel.Median(company),
            LeadershipUpTo = o.LeadershipUpToLevel,
            ManagementUpTo = o.ManagementUpToLevel,
        };
    }
}

public sealed record ReachRow(string? DepartmentName, bool IsOthers, int? FirstBand, int? LastBand, Tally Tally);

public sealed record ReachView
{
    public long PostId { get; init; }
    public string Title { get; init; } = "";
    public bool MustRead { get; init; }
    public bool Addressed { get; init; }
    /// Fewer than five people in the whole audience: only its size is shown.
    public bool TooFew { get; init; }
    public Tally Total { get; init; } = new();
    public IReadOnlyList<ReachRow> Departments { get; init; } = [];
    public IReadOnlyList<ReachRow> Bands { get; init; } = [];
    /// The bands are not shown because, next to the departments, they would narrow a change down to fewer than five.
    public bool BandsCross { get; init; }
    public TimeSpan Age { get; init; }
    public double? OwnMedian { get; init; }
    public double? CompanyMedian { get; init; }
    public int LeadershipUpTo { get; init; }
    public int ManagementUpTo { get; init; }
}
