using System.Globalization;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;

namespace Intranet.Blog.Features.Posts;

/// A place's pinned posts as its section shows them. MayCurate is null in a live fragment (rendered once for everyone;
/// each page shows the controls from its own data-may-curate).
public sealed record PinsView(long? DepartmentId, IReadOnlyList<PinnedPost> Items, bool? MayCurate)
{
    public string Place => DepartmentId is { } d ? d.ToString(CultureInfo.InvariantCulture) : "company";

    /// The address of the place's pin actions: /departments/{id}/pins or /feed/pins.
    public string ActionBase => DepartmentId is { } d ? string.Create(CultureInfo.InvariantCulture, $"/departments/{d}/pins") : "/feed/pins";
}

public sealed record PinnedPost(PostRow Post, DateTimeOffset? EndsAt);

/// A place's pins for its page, or viewer-neutral for the live push.
public sealed class PinsQuery(Database db, PinStore pins, PostStore posts, CurationRights rights, TimeProvider clock)
{
    // Every feed page shows the company's pins: kept until the next write, and for a minute at most, as a pin ends
    // at its time without a write.
    private readonly VersionedCache<long, IReadOnlyList<PinnedPost>> _items = new(db, clock, TimeSpan.FromMinutes(1));

    public async Task<PinsView> ViewAsync(Viewer? viewer, long? departmentId, CancellationToken ct)
    {
        var items = await _items.GetAsync(departmentId ?? 0, async c =>
        {
            await using var connection = await db.OpenAsync(c);
            var pinned = await pins.PinnedAsync(connection, departmentId, clock.GetUtcNow(), c);
            var rows = (await posts.ManyAsync(connection, pinned.Select(p => p.PostId).ToList(), c)).Where(p => p.DeletedAt is null).ToDictionary(p => p.Id);
            return (IReadOnlyList<PinnedPost>)pinned.Where(p => rows.ContainsKey(p.PostId)).Select(p => new PinnedPost(rows[p.PostId], p.EndsAt)).ToList();
        }, ct);
        return new PinsView(departmentId, items, viewer is null ? null : await MayPinAsync(viewer, departmentId, ct));
    }

    public async Task<bool> MayPinAsync(Viewer viewer, long? departmentId, CancellationToken ct) =>
        departmentId is { } d ? await rights.MayCurateAsync(viewer, d, ct) : CurationRights.MayPinCompanyWide(viewer);
}
