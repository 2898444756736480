using System.Data.Common;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Guides;

/// Keeping guides current: "still valid" with one click, handing a guide over, taking over one nobody keeps, the
/// reminder a week before a review falls due, and telling a department's curators when a guide's owner leaves.
/// The guide's editors (PostRights: owner, curators, admins) may do each; every act is audited and reaches open
/// screens as an edit of the card (its badge and owner change).
public sealed class GuideService(
    Database db, PostStore posts, PostRights rights, PeopleStore people, InfluencerStore influencers, DepartmentStore departments,
    AuditStore audit, EventStore events, NotificationService notifications, BellQueue bells,
    TimeProvider clock, IStringLocalizer<SharedResource> t)
{
    public static readonly TimeSpan ReminderAhead = TimeSpan.FromDays(7);
    public const string PersonField = "New owner (e-mail address)";

    /// Confirms the guide is still valid: the next review in six months, recorded with who and when.
    public Task<WriteResult> ConfirmAsync(Viewer viewer, long id, CancellationToken ct) =>
        ChangeAsync(viewer, id, async (scope, guide) =>
        {
            var next = clock.GetUtcNow().AddMonths(PostLimits.ReviewMonths);
            await posts.ReviewedAsync(scope.Connection, scope.Transaction, id, viewer.Id, next);
            await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.GuideReviewed, AuditActions.Post(id),
                AuditActions.Details(new { reviewBy = next.ToUnixTimeMilliseconds(), previousReviewBy = guide.ReviewBy?.ToUnixTimeMilliseconds() }));
            return ([], null);
        }, ct);

    /// Hands the guide to another active person, named by e-mail address; they are told.
    public async Task<WriteResult> HandOverAsync(Viewer viewer, long id, string? person, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var email = errors.Text(PersonField, person, 254);
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        return await ChangeAsync(viewer, id, async (scope, guide) =>
        {
            if (await people.FindActiveIdByEmailAsync(scope.Connection, scope.Transaction, email) is not { } ownerId)
            {
                errors.Add(PersonField, t["There is no active person with the e-mail address {0}.", email]);
                return ([], errors);
            }

            return await NewOwnerAsync(scope, viewer.Id, guide, ownerId);
        }, ct);
    }

    /// A curator takes over a guide nobody keeps (its owner left or it was never handed on).
    public Task<WriteResult> TakeOverAsync(Viewer viewer, long id, CancellationToken ct) =>
        ChangeAsync(viewer, id, async (scope, guide) => await NewOwnerAsync(scope, viewer.Id, guide, viewer.Id), ct);

    /// Part of a deactivation's write: the curators of each department whose guides the person kept hear that the
    /// guides need someone to take them over. The guides keep the person as owner (shown as "nobody keeps it") until
    /// someone does, so a reactivation gives them back. Returns whose unread counts changed.
    public async Task<IReadOnlyList<long>> OwnerLeftAsync(DbConnection connection, DbTransaction transaction, long personId)
    {
        var told = new List<long>();
        foreach (var department in (await posts.OwnedGuidesAsync(connection, transaction, personId)).GroupBy(g => g.DepartmentId))
        {
            var curators = (await CuratorsAsync(connection, transaction, department.Key)).Where(c => c != personId).ToList();
            // One entry per department that counts its guides (on the first of them), not one per guide: someone who
            // kept hundreds of guides would otherwise bury their curators' notifications. The library marks each one.
            var first = department.First().Id;
            foreach (var _ in department)
            {
                told.AddRange(await notifications.GuideUnownedAsync(connection, transaction, first, curators));
            }
        }

        return told.Distinct().ToList();
    }

    /// Reminds owners a week before their guides fall due (the curators, for a guide nobody keeps), once per review
    /// date. Returns how many guides were reminded of.
    public async Task<int> RemindAsync(CancellationToken ct)
    {
        IReadOnlyList<DueGuide> due;
        await using (var connection = await db.OpenAsync(ct))
        {
            due = await posts.DueForReminderAsync(connection, clock.GetUtcNow() + ReminderAhead, 200, ct);
        }

        foreach (var guide in due)
        {
            await using var scope = await db.BeginWriteAsync(ct);
            if (await posts.RemindedAsync(scope.Connection, scope.Transaction, guide.Id, guide.ReviewBy!.Value) == 0)
            {
                continue;
            }

            var recipients = guide.OwnerActive && guide.OwnerId is { } owner ? [owner] : await CuratorsAsync(scope.Connection, scope.Transaction, guide.DepartmentId);
            var told = await notifications.GuideDueAsync(scope.Connection, scope.Transaction, guide.Id, recipients);
            await scope.CommitAsync(ct);
            bells.Enqueue(told);
        }

        return due.Count;
    }

    private async Task<(IReadOnlyList<long> Told, FieldErrors? Errors)> NewOwnerAsync(WriteScope scope, long actorId, PostRow guide, long ownerId)
    {
        if (guide.OwnerId == ownerId && guide.OwnerActive)
        {
            return ([], null);
        }

        await posts.SetOwnerAsync(scope.Connection, scope.Transaction, guide.Id, ownerId);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.GuideHandedOver, AuditActions.Post(guide.Id),
            AuditActions.Details(new { ownerId, previousOwnerId = guide.OwnerId }));
        return (ownerId == actorId ? [] : await notifications.GuideHandedOverAsync(scope.Connection, scope.Transaction, actorId, guide.Id, ownerId), null);
    }

    /// The department's influencers and head; an admin who curates everything is not told about every department.
    private async Task<IReadOnlyList<long>> CuratorsAsync(DbConnection connection, DbTransaction transaction, long? departmentId)
    {
        if (departmentId is not { } d)
        {
            return [];
        }

        var curators = (await influencers.OfDepartmentAsync(connection, d, CancellationToken.None, transaction)).Select(p => p.Id).ToList();
        if (await departments.HeadIdAsync(connection, d, CancellationToken.None, transaction) is { } head && !curators.Contains(head))
        {
            curators.Add(head);
        }

        return curators;
    }

    /// The guide's editors only; the change runs in one write with the card's event, and returns whom it notified.
    private async Task<WriteResult> ChangeAsync(Viewer viewer, long id, Func<WriteScope, PostRow, Task<(IReadOnlyList<long> Told, FieldErrors? Errors)>> change, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (await posts.GetAsync(scope.Connection, id, withSource: false, ct, scope.Transaction) is not { DeletedAt: null, IsGuide: true } guide)
        {
            return WriteResult.NotFound;
        }

        if (!await rights.MayEditAsync(viewer, guide, ct))
        {
            return WriteResult.Forbidden;
        }

        var (told, errors) = await change(scope, guide);
        if (errors is not null)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        await events.AppendAsync(scope, EventKinds.PostEdited, id, id, viewer.Id, guide.DepartmentId);
        await scope.CommitAsync(ct);
        bells.Enqueue(told);
        return new WriteResult(WriteStatus.Ok, id);
    }
}
