using System.Globalization;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

/// Pins, unpins and orders a place's pins. Departments: their curators (CurationRights); the company feed: executives
/// and admins, with an optional last day. Each change commits with its audit row and its event, and every open page
/// of the place shows the new pins live.
public sealed class PinService(
    Database db, PinStore pins, PostStore posts, DepartmentStore departments, CurationRights rights, AuditStore audit, EventStore events,
    TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public const string EndField = "Pinned until";

    public async Task<WriteResult> PinAsync(Viewer viewer, long? departmentId, long postId, string? endsOn, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var endsAt = departmentId is null ? EndOf(errors, endsOn) : null;
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, postId, errors);
        }

        return await ChangeAsync(viewer, departmentId, async (scope, pinned) =>
        {
            // A hidden post is not pinned either: no page would show the pin until a moderator restores the post.
            if (await posts.GetAsync(scope.Connection, postId, withSource: false, ct, scope.Transaction) is not { IsListed: true })
            {
                return new Change(WriteResult.NotFound);
            }

            // Pinning what is pinned already (the post page offers every place) changes nothing, unless the end does.
            if (pinned.FirstOrDefault(p => p.PostId == postId) is { } existing && existing.EndsAt == endsAt)
            {
                return Unchanged;
            }

            if (pinned.Count >= PinStore.MaxPerPlace && !pinned.Any(p => p.PostId == postId))
            {
                errors.Add("", t["At most {0} posts can be pinned here. Unpin one first.", PinStore.MaxPerPlace]);
                return new Change(new WriteResult(WriteStatus.Invalid, postId, errors));
            }

            await pins.AddAsync(scope.Connection, scope.Transaction, departmentId, postId, endsAt, viewer.Id);
            return await DoneAsync(scope, viewer.Id, departmentId, AuditActions.PinAdded, new { postId, endsAt = endsAt?.ToUnixTimeMilliseconds() }, ct);
        }, ct);
    }

    public Task<WriteResult> UnpinAsync(Viewer viewer, long? departmentId, long postId, CancellationToken ct) =>
        ChangeAsync(viewer, departmentId, async (scope, _) =>
            await pins.RemoveAsync(scope.Connection, scope.Transaction, departmentId, postId)
                ? await DoneAsync(scope, viewer.Id, departmentId, AuditActions.PinRemoved, new { postId }, ct)
                : Unchanged, ct);

    /// One step up or down: the keyboard's and the script-free way to order pins.
    public Task<WriteResult> MoveAsync(Viewer viewer, long? departmentId, long postId, bool up, CancellationToken ct) =>
        ChangeAsync(viewer, departmentId, async (scope, pinned) =>
        {
            var order = pinned.Select(p => p.PostId).ToList();
            var index = order.IndexOf(postId);
            var other = up ? index - 1 : index + 1;
            if (index < 0)
            {
                return new Change(WriteResult.NotFound);
            }

            if (other < 0 || other >= order.Count)
            {
                return Unchanged;
            }

            (order[index], order[other]) = (order[other], order[index]);
            return await ReorderedAsync(scope, viewer.Id, departmentId, order, ct);
        }, ct);

    /// A whole new order (drag and drop). It must name exactly the place's pins: a list made before someone else
    /// pinned or unpinned is refused, and the page shows the current pins.
    public Task<WriteResult> ReorderAsync(Viewer viewer, long? departmentId, IReadOnlyList<long> postIds, CancellationToken ct) =>
        ChangeAsync(viewer, departmentId, async (scope, pinned) =>
        {
            var current = pinned.Select(p => p.PostId).ToList();
            if (postIds.Count != current.Count || !postIds.Order().SequenceEqual(current.Order()))
            {
                var errors = new FieldErrors(t);
                errors.Add("", t["The pins changed meanwhile. Please try again with the current order."]);
                return new Change(new WriteResult(WriteStatus.Invalid, Errors: errors));
            }

            return current.SequenceEqual(postIds) ? Unchanged : await ReorderedAsync(scope, viewer.Id, departmentId, postIds, ct);
        }, ct);

    /// Removes the pins whose end has come, each audited without an actor; open pages of their places follow live.
    public async Task<int> ExpireAsync(CancellationToken ct)
    {
        int ended;
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            var due = await pins.EndedAsync(scope.Connection, scope.Transaction, clock.GetUtcNow());
            ended = due.Count;
            if (ended == 0)
            {
                return 0;
            }

            foreach (var pin in due)
            {
                await pins.RemoveAsync(scope.Connection, scope.Transaction, pin.DepartmentId, pin.PostId);
                await audit.InsertAsync(scope.Connection, scope.Transaction, null, AuditActions.PinExpired, Target(pin.DepartmentId),
                    AuditActions.Details(new { postId = pin.PostId, endsAt = pin.EndsAt?.ToUnixTimeMilliseconds() }));
            }

            foreach (var place in due.Select(p => p.DepartmentId).Distinct())
            {
                await AppendAsync(scope, null, place);
            }

            await scope.CommitAsync(ct);
        }

        return ended;
    }

    /// What a change did: its result, and the event to publish once it committed (none when nothing changed).
    private sealed record Change(WriteResult Result, EventRow? Event = null);

    private static readonly Change Unchanged = new(new WriteResult(WriteStatus.Ok));

    /// Rights and the place's current pins inside one write; the change writes its rows and says what it did.
    private async Task<WriteResult> ChangeAsync(Viewer viewer, long? departmentId, Func<WriteScope, IReadOnlyList<PinRow>, Task<Change>> change, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (departmentId is { } d && await departments.GetAsync(scope.Connection, d, ct, scope.Transaction) is null)
        {
            return WriteResult.NotFound;
        }

        var allowed = departmentId is { } place
            ? await rights.MayCurateAsync(scope.Connection, scope.Transaction, viewer, place, ct)
            : CurationRights.MayPinCompanyWide(viewer);
        if (!allowed)
        {
            return WriteResult.Forbidden;
        }

        var (result, e) = await change(scope, await pins.PinnedAsync(scope.Connection, departmentId, clock.GetUtcNow(), ct, scope.Transaction));
        if (result.Status == WriteStatus.Ok && e is not null)
        {
            await scope.CommitAsync(ct);
        }

        return result;
    }

    private async Task<Change> ReorderedAsync(WriteScope scope, long actorId, long? departmentId, IReadOnlyList<long> order, CancellationToken ct)
    {
        await pins.ReorderAsync(scope.Connection, scope.Transaction, departmentId, order);
        return await DoneAsync(scope, actorId, departmentId, AuditActions.PinsReordered, new { postIds = order }, ct);
    }

    private async Task<Change> DoneAsync(WriteScope scope, long actorId, long? departmentId, string action, object details, CancellationToken ct)
    {
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, action, Target(departmentId), AuditActions.Details(details));
        return new Change(new WriteResult(WriteStatus.Ok), await AppendAsync(scope, actorId, departmentId));
    }

    private Task<EventRow> AppendAsync(WriteScope scope, long? actorId, long? departmentId) => departmentId is { } d
        ? events.AppendAsync(scope, EventKinds.DepartmentPins, d, null, actorId, d)
        : events.AppendAsync(scope, EventKinds.FeedPins, 0, null, actorId);

    private static string Target(long? departmentId) => departmentId is { } d ? AuditActions.Department(d) : "feed";

    /// A last day (yyyy-MM-dd, a date input's value), today or later: the pin ends when that day is over (UTC).
    private DateTimeOffset? EndOf(FieldErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors.Add(EndField, t["{0} is not a date.", t[EndField]]);
            return null;
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        if (day < today || day > today.AddYears(1))
        {
            errors.Add(EndField, t["A pin can last until today at the earliest and for a year at most."]);
            return null;
        }

        return new DateTimeOffset(day.AddDays(1), TimeSpan.Zero);
    }
}
