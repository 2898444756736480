using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.People;

public sealed record ProfileView(Profile Person, IReadOnlyList<PersonCard> Managers, IReadOnlyList<PersonCard> Reports, IReadOnlyList<PostCardView> RecentPosts, bool Following);

public sealed record DirectoryView(IReadOnlyList<PersonCard> People, IReadOnlyList<Department> Departments, string? Query, long? DepartmentId, bool FirstPage, PersonCard? Next);

public sealed record OrgNode(PersonCard Person, IReadOnlyList<OrgNode> Reports);

/// The read side of people: profile pages, the directory and the org chart.
public sealed class ProfileQuery(
    SqliteConnectionFactory db, UserStore users, DepartmentStore departments, PostStore posts, ReactionStore reactions, ReadCounter reads, FollowStore follows)
{
    public const int RecentPosts = 10;

    public async Task<ProfileView?> ProfileAsync(Viewer viewer, long id, CancellationToken ct)
    {
        Profile? person;
        IReadOnlyList<PersonCard> managers, reports;
        IReadOnlyList<PostRow> rows;
        IReadOnlyList<ReactionCount> counts, mine;
        await using (var connection = await db.OpenAsync(ct))
        {
            person = await users.ProfileAsync(connection, id, ct);
            if (person is null)
            {
                return null;
            }

            managers = await users.ManagersAsync(connection, id, ct);
            reports = await users.ReportsAsync(connection, id, ct);
            rows = await posts.PageAsync(connection, new FeedFilter(AuthorId: id), long.MaxValue, RecentPosts, ct);
            var ids = rows.Select(p => p.Id).ToList();
            counts = ids.Count == 0 ? [] : await reactions.PostCountsAsync(connection, ids, ct);
            mine = ids.Count == 0 ? [] : await reactions.ViewerPostKindsAsync(connection, ids, viewer.Id, ct);
        }

        // As in the feed: a micropost shown in full has been read.
        await reads.RecordAsync(viewer.Id, rows.Where(p => p.Kind == PostKinds.Micro && p.AuthorId != viewer.Id).Select(p => p.Id).ToList(), ct);
        var cards = rows.Select(p => new PostCardView(p, ReactionBar.From(p.Id, null, counts, mine), viewer)).ToList();
        var following = viewer.Id != id && (await follows.FollowedAsync(viewer.Id, FollowKinds.Person, ct)).Contains(id);
        return new ProfileView(person, managers, reports, cards, following);
    }

    /// Name, title or department containing the search text, ignoring case (umlauts included) and Unicode
    /// composition; a page ends as soon as it is full, so a common search reads only a few rows.
    public async Task<DirectoryView> DirectoryAsync(string? query, long? departmentId, string? afterName, long afterId, CancellationToken ct)
    {
        var search = query?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, ProfileLimits.Search)] : null;
        var needle = search is null ? null : Handles.Fold(search);
        var page = new List<PersonCard>();
        PersonCard? next = null;
        await foreach (var person in users.DirectoryAsync(departmentId, afterName ?? "", afterId, ct))
        {
            if (needle is not null && !Matches(person, needle))
            {
                continue;
            }

            if (page.Count == ProfileLimits.DirectoryPage)
            {
                next = page[^1];
                break;
            }

            page.Add(person);
        }

        return new DirectoryView(page, await departments.ListAsync(ct), search, departmentId, afterName is null, next);
    }

    public async Task<IReadOnlyList<OrgNode>> OrgChartAsync(CancellationToken ct) => BuildTree(await users.ActivePeopleAsync(ct));

    /// People without an (active) manager are roots; the input's name order is kept at every level.
    public static IReadOnlyList<OrgNode> BuildTree(IReadOnlyList<PersonCard> people)
    {
        var active = people.Select(p => p.Id).ToHashSet();
        var byManager = people.Where(p => p.ManagerId is { } m && active.Contains(m)).ToLookup(p => p.ManagerId!.Value);
        var placed = new HashSet<long>();

        OrgNode Build(PersonCard person) =>
            new(person, placed.Add(person.Id) ? byManager[person.Id].Where(r => !placed.Contains(r.Id)).Select(Build).ToList() : []);

        return people.Where(p => p.ManagerId is not { } m || !active.Contains(m)).Select(Build).ToList();
    }

    private static bool Matches(PersonCard person, string needle) =>
        Handles.Fold(person.DisplayName).Contains(needle, StringComparison.Ordinal)
        || Handles.Fold(person.Title).Contains(needle, StringComparison.Ordinal)
        || (person.DepartmentName is { } d && Handles.Fold(d).Contains(needle, StringComparison.Ordinal));
}
