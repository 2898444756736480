using System.Data.Common;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.People;

/// The one answer to "may this person curate that department" and "may this person pin company-wide". Asked of the
/// database on every request, never of the sign-in cookie: a right ends the moment the appointment does.
/// Curating a department (pinning there, ordering its pins, editing its description and its guides) is for its
/// influencers, its head and admins; appointing influencers is for its head and admins; pinning to the company feed
/// is for executives and admins. Rights are per department: helping a team gives none over its parent.
public sealed class CurationRights(Database db, DepartmentStore departments, InfluencerStore influencers)
{
    public static bool MayPinCompanyWide(Viewer viewer) => viewer.IsAdmin || viewer.IsExecutive;

    public async Task<bool> MayCurateAsync(Viewer viewer, long departmentId, CancellationToken ct)
    {
        if (viewer.IsAdmin)
        {
            return true;
        }

        await using var connection = await db.OpenAsync(ct);
        return await MayCurateAsync(connection, null, viewer, departmentId, ct);
    }

    /// Inside a write, so the check sees what the write will: an appointment ended a moment ago counts as ended.
    public async Task<bool> MayCurateAsync(DbConnection connection, DbTransaction? transaction, Viewer viewer, long departmentId, CancellationToken ct) =>
        viewer.IsAdmin
        || await influencers.IsInfluencerAsync(connection, departmentId, viewer.Id, ct, transaction)
        || await departments.HeadIdAsync(connection, departmentId, ct, transaction) == viewer.Id;

    public async Task<bool> MayAppointAsync(DbConnection connection, DbTransaction? transaction, Viewer viewer, long departmentId, CancellationToken ct) =>
        viewer.IsAdmin || await departments.HeadIdAsync(connection, departmentId, ct, transaction) == viewer.Id;

    public async Task<bool> MayAppointAsync(Viewer viewer, long departmentId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await MayAppointAsync(connection, null, viewer, departmentId, ct);
    }

    /// The departments this person may curate (every department for an admin): where the pin form offers to pin,
    /// and whether a comment offers to become a guide.
    public async Task<IReadOnlySet<long>> CuratedAsync(Viewer viewer, CancellationToken ct)
    {
        if (viewer.IsAdmin)
        {
            return (await departments.ListAsync(ct)).Select(d => d.Id).ToHashSet();
        }

        return await _curated.GetAsync(viewer.Id, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            var curated = (await influencers.DepartmentsOfAsync(connection, viewer.Id, c)).Select(d => d.Id).ToHashSet();
            curated.UnionWith(await departments.HeadedByAsync(connection, viewer.Id, c));
            return (IReadOnlySet<long>)curated;
        }, ct);
    }

    // Every post page asks (may the viewer pin it, turn a comment into a guide): kept until the next write. An
    // appointment that ends at its time is checked again inside the write that uses it (MayCurateAsync with a transaction).
    private readonly VersionedCache<long, IReadOnlySet<long>> _curated = new(db);
}
