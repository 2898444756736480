using System.Globalization;
using Intranet.Blog.Features.Feed;
using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.Guides;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Departments;

/// The people of a department's page: its head and influencers, and what the viewer may do about them.
/// Colleagues: suggestions for the appointment form, present only for those who may appoint.
public sealed record DepartmentPeopleView(
    long DepartmentId, PersonCard? Head, bool HeadNamed, IReadOnlyList<PersonCard> Influencers, long ViewerId, bool MayAppoint,
    IReadOnlyList<(string Name, string Email)> Colleagues)
{
    /// Who may curate besides admins, for the page's script: it hides the curation controls live when this changes.
    public string CuratorIds => string.Join(',', Influencers.Select(i => i.Id).Append(Head?.Id ?? 0).Where(id => id > 0).Distinct()
        .Select(id => id.ToString(CultureInfo.InvariantCulture)));
}

/// A department's page. WithSubDepartments: the feed includes the posts of every department below this one, whose
/// ids FeedDepartmentIds lists for the live script.
public sealed record DepartmentPageView(
    DepartmentDetail Department, IReadOnlyList<Department> Ancestors, IReadOnlyList<Department> Children, DepartmentPeopleView People,
    FollowButtonView Follow, bool MayCurate, bool WithSubDepartments, IReadOnlyList<long> FeedDepartmentIds, FeedRows Rows,
    PinsView Pins, GuideLibraryView Library)
{
    public string Url => DepartmentUrls.Page(Department.Id, WithSubDepartments);
}

public static class DepartmentUrls
{
    public static string Page(long id, bool withSubDepartments = false) =>
        string.Create(CultureInfo.InvariantCulture, $"/departments/{id}") + (withSubDepartments ? "?sub=true" : "");

    public static (string Page, string More) Next(long id, bool withSubDepartments, long before)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"before={before}") + (withSubDepartments ? "&sub=true" : "");
        return (string.Create(CultureInfo.InvariantCulture, $"/departments/{id}?{query}"), string.Create(CultureInfo.InvariantCulture, $"/departments/{id}/more?{query}"));
    }
}

public sealed class DepartmentPageQuery(
    Database db, DepartmentStore departments, InfluencerStore influencers, PeopleStore people, CurationRights rights,
    FollowStore follows, FeedQuery feed, PinsQuery pins, GuideLibraryQuery guides)
{
    /// How many colleagues the appointment form suggests; anyone else is named by address.
    public const int Suggestions = 500;

    public async Task<DepartmentPageView?> GetAsync(Viewer viewer, long id, bool withSubDepartments, long? before, string? topic, CancellationToken ct)
    {
        DepartmentDetail? department;
        IReadOnlyList<Department> ancestors, children;
        IReadOnlyList<long> feedIds;
        await using (var connection = await db.OpenAsync(ct))
        {
            department = await departments.GetAsync(connection, id, ct);
            if (department is null)
            {
                return null;
            }

            ancestors = await departments.AncestorsAsync(connection, id, ct);
            children = await departments.ChildrenAsync(connection, id, ct);
            feedIds = withSubDepartments ? await departments.SubtreeAsync(connection, id, ct) : [id];
        }

        var peopleView = await PeopleAsync(viewer, department, ct);
        var mayCurate = await rights.MayCurateAsync(viewer, id, ct);
        var following = (await follows.FollowedAsync(viewer.Id, FollowKinds.Department, ct)).Contains(id);
        var rows = await RowsAsync(viewer, id, withSubDepartments, feedIds, before, ct);
        var pinned = await pins.ViewAsync(viewer, id, ct);
        var library = await guides.DepartmentAsync(id, topic, DepartmentUrls.Page(id, withSubDepartments) + "#guides", mayCurate, ct);
        return new DepartmentPageView(department, ancestors, children, peopleView,
            new FollowButtonView(FollowKinds.Department, id, following, DepartmentUrls.Page(id, withSubDepartments)),
            mayCurate, withSubDepartments, feedIds, rows, pinned, library);
    }

    /// The next page of the department's posts, for "load more".
    public async Task<FeedRows?> MoreAsync(Viewer viewer, long id, bool withSubDepartments, long before, CancellationToken ct)
    {
        IReadOnlyList<long> feedIds;
        await using (var connection = await db.OpenAsync(ct))
        {
            // The subtree is empty for a department that does not exist: its "more" is a 404 like its page.
            var subtree = await departments.SubtreeAsync(connection, id, ct);
            feedIds = withSubDepartments || subtree.Count == 0 ? subtree : [id];
        }

        return feedIds.Count == 0 ? null : await RowsAsync(viewer, id, withSubDepartments, feedIds, before, ct);
    }

    private async Task<FeedRows> RowsAsync(Viewer viewer, long id, bool withSubDepartments, IReadOnlyList<long> feedIds, long? before, CancellationToken ct)
    {
        var filter = feedIds.Count == 1 ? new FeedFilter(DepartmentId: id) : new FeedFilter(DepartmentIds: feedIds);
        var page = await feed.PageAsync(viewer, filter, before, ct);
        var next = page.NextBefore is { } n ? DepartmentUrls.Next(id, withSubDepartments, n) : default;
        return new FeedRows(page.Cards, page.LastEventId, null, next.Page, next.More) { Stamp = page.Stamp };
    }

    private async Task<DepartmentPeopleView> PeopleAsync(Viewer viewer, DepartmentDetail department, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var head = department.HeadId is { } headId ? await people.CardAsync(headId, ct) : null;
        var helpers = await influencers.OfDepartmentAsync(connection, department.Id, ct);
        var mayAppoint = await rights.MayAppointAsync(connection, null, viewer, department.Id, ct);
        var colleagues = mayAppoint ? await people.AddressesInAsync(connection, department.Id, Suggestions, ct) : [];
        return new DepartmentPeopleView(department.Id, head, department.NamedHeadId == department.HeadId && head is not null, helpers, viewer.Id, mayAppoint, colleagues);
    }
}
