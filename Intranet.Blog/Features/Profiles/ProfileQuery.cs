using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Profiles;

/// Follow is null on one's own profile (IsOwn) and for a deactivated person: there is nothing to follow then.
/// DepartmentChain: the person's department with the departments above it, top first. Helps: the departments the person
/// is an influencer of.
public sealed record ProfileView(
    Profile Profile, IReadOnlyList<PersonCard> Managers, IReadOnlyList<PersonCard> Reports, IReadOnlyList<PostCardView> RecentPosts, bool IsOwn, FollowButtonView? Follow,
    IReadOnlyList<Department> DepartmentChain, IReadOnlyList<Department> Helps);

/// A person's page: who they are, where they sit in the organisation and what they posted last.
public sealed class ProfileQuery(
    Database db, ProfileStore profiles, PeopleStore people, PostStore posts, ReactionStore reactions, ReachRecorder reach, FollowStore follows,
    DepartmentStore departments, InfluencerStore influencers, PollService polls)
{
    public const int RecentPosts = 10;

    public async Task<ProfileView?> ProfileAsync(Viewer viewer, long id, CancellationToken ct)
    {
        Profile? profile;
        IReadOnlyList<PersonCard> managers, reports;
        IReadOnlyList<PostRow> rows;
        IReadOnlyList<ReactionCount> counts, mine;
        IReadOnlyList<Department> chain = [], helps;
        IReadOnlyDictionary<long, PollView> pollViews;
        await using (var connection = await db.OpenAsync(ct))
        {
            profile = await profiles.ProfileAsync(connection, id, ct);
            if (profile is null)
            {
                return null;
            }

            managers = await people.ManagersAsync(connection, id, ct);
            if (profile.Card.DepartmentId is { } departmentId)
            {
                chain = [.. await departments.AncestorsAsync(connection, departmentId, ct), new Department { Id = departmentId, Name = profile.Card.DepartmentName ?? "" }];
            }

            helps = await influencers.DepartmentsOfAsync(connection, id, ct);
            reports = await people.ReportsAsync(connection, id, ct);
            rows = await posts.PageAsync(connection, new FeedFilter(AuthorId: id), long.MaxValue, RecentPosts, ct);
            var ids = rows.Select(p => p.Id).ToList();
            counts = ids.Count == 0 ? [] : await reactions.PostCountsAsync(connection, ids, ct);
            mine = ids.Count == 0 ? [] : await reactions.ViewerPostKindsAsync(connection, ids, viewer.Id, ct);
            pollViews = await polls.ViewsAsync(connection, ids, viewer.Id, ct);
        }

        // As in the feed: the cards shown have been seen.
        await reach.SeenAsync(viewer.Id, rows, ct);
        var cards = rows.Select(p => new PostCardView(p, ReactionBar.From(p.Id, null, counts, mine), viewer) { Poll = pollViews.GetValueOrDefault(p.Id) }).ToList();
        var follow = viewer.Id == id || !profile.Card.IsActive ? null
            : new FollowButtonView(FollowKinds.Person, id, (await follows.FollowedAsync(viewer.Id, FollowKinds.Person, ct)).Contains(id), $"/people/{id}");
        return new ProfileView(profile, managers, reports, cards, viewer.Id == id, follow, chain, helps);
    }
}
