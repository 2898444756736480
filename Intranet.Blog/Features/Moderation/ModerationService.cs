using System.Data.Common;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Moderation;

/// Reports and what admins decide about them. Moderators hide with a reason and restore; they never change or delete
/// anyone's words. Every act is audited in its own transaction; hiding and restoring append events (the live pipeline
/// pushes them once committed) and tell the author.
public sealed class ModerationService(
    Database db, ModerationStore store, EventStore events, AuditStore audit,
    NotificationService notifications, BellQueue bells, IStringLocalizer<SharedResource> t)
{
    public const int QueueSize = 200;

    /// The content as the viewer may report or moderate it: null when it does not exist, is deleted, or is hidden
    /// from this viewer.
    public async Task<ModerationTarget?> TargetAsync(Viewer viewer, long? postId, long? commentId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var target = await store.TargetAsync(connection, postId, commentId);
        return target is null || target.Deleted || target.Hidden && !viewer.IsAdmin && viewer.Id != target.AuthorId ? null : target;
    }

    public async Task<WriteResult> ReportAsync(Viewer viewer, long? postId, long? commentId, ReportInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        if (!ReportReasons.All.Contains(input.Reason))
        {
            errors.Add(nameof(input.Reason), t["Choose a reason."]);
        }

        var note = errors.Text(nameof(input.Note), input.Note, ModerationLimits.Note, singleLine: false, required: input.Reason == ReportReasons.Other);
        await using var scope = await db.BeginWriteAsync(ct);
        var target = await store.TargetAsync(scope.Connection, postId, commentId, scope.Transaction);
        if (target is null || target.Deleted || target.Hidden)
        {
            return WriteResult.NotFound;
        }

        if (target.AuthorId == viewer.Id)
        {
            errors.Add(nameof(input.Reason), t["You cannot report your own words."]);
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        if (await store.InsertReportAsync(scope.Connection, scope.Transaction, target, viewer.Id, input.Reason!, note))
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.ReportFiled, Subject(target), AuditActions.Details(new { reason = input.Reason }));
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, target.PostId);
    }

    public async Task<QueueView> QueueAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var open = await store.OpenReportsAsync(connection, QueueSize, ct);
        var items = new List<QueueItem>();
        foreach (var group in open.GroupBy(r => (r.PostId, r.CommentId)))
        {
            if (await store.TargetAsync(connection, group.Key.PostId, group.Key.CommentId) is { } target)
            {
                items.Add(new QueueItem(target, group.ToList()));
            }
        }

        return new QueueView(items, await store.ActiveAsync(connection, QueueSize, ct));
    }

    public async Task<ModerationRow?> ActiveAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await store.GetActiveAsync(connection, id);
    }

    /// The hidings in force on a post and its comments that this viewer may see: admins all, others their own.
    public async Task<IReadOnlyList<ModerationRow>> OnPostAsync(DbConnection connection, Viewer viewer, long postId, CancellationToken ct) =>
        (await store.ActiveOnPostAsync(connection, postId, ct)).Where(m => viewer.IsAdmin || m.AuthorId == viewer.Id).ToList();

    public async Task<IReadOnlyList<MyReport>> MineAsync(long reporterId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await store.MineAsync(connection, reporterId, QueueSize, ct);
    }

    /// The open reports on the content are dismissed: it stays as it is.
    public async Task<WriteResult> DismissAsync(Viewer admin, long? postId, long? commentId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (!admin.IsAdmin)
        {
            return WriteResult.Forbidden;
        }

        if (await store.TargetAsync(scope.Connection, postId, commentId, scope.Transaction) is not { } target)
        {
            return WriteResult.NotFound;
        }

        var count = await store.DecideAsync(scope.Connection, scope.Transaction, target, admin.Id, ReportOutcomes.Dismissed);
        if (count > 0)
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, admin.Id, AuditActions.ReportsDismissed, Subject(target), AuditActions.Details(new { reports = count }));
            await scope.CommitAsync(ct);
        }

        return new WriteResult(WriteStatus.Ok, target.PostId);
    }

    /// Hides the content for everyone but its author (and admins), with a reason the author is told.
    public async Task<WriteResult> HideAsync(Viewer admin, long? postId, long? commentId, string? reason, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var text = errors.Text("Reason", reason, ModerationLimits.Reason, singleLine: false);
        await using var scope = await db.BeginWriteAsync(ct);
        var target = await store.TargetAsync(scope.Connection, postId, commentId, scope.Transaction);
        if (target is null || target.Deleted)
        {
            return WriteResult.NotFound;
        }

        if (!admin.MayModerate(target.AuthorId))
        {
            return WriteResult.Forbidden;
        }

        if (target.Hidden)
        {
            errors.Add("Reason", t["This is hidden already."]);
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        await store.SetHiddenAsync(scope.Connection, scope.Transaction, target, hidden: true);
        var id = await store.InsertModerationAsync(scope.Connection, scope.Transaction, target, admin.Id, text);
        var reports = await store.DecideAsync(scope.Connection, scope.Transaction, target, admin.Id, ReportOutcomes.Hidden);
        await audit.InsertAsync(scope.Connection, scope.Transaction, admin.Id, AuditActions.ContentHidden, Subject(target), AuditActions.Details(new { moderation = id, reports }));
        await events.AppendAsync(scope, target.CommentId is null ? EventKinds.PostHidden : EventKinds.CommentHidden,
            target.CommentId ?? target.PostId, target.PostId, admin.Id, target.DepartmentId);
        var notified = await notifications.ModeratedAsync(scope.Connection, scope.Transaction, admin.Id, target.PostId, target.CommentId, target.AuthorId);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, id);
    }

    /// Shows hidden content again, to everyone.
    public async Task<WriteResult> RestoreAsync(Viewer admin, long moderationId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        if (!admin.IsAdmin)
        {
            return WriteResult.Forbidden;
        }

        if (await store.GetActiveAsync(scope.Connection, moderationId, scope.Transaction) is not { } moderation
            || await store.TargetAsync(scope.Connection, moderation.PostId, moderation.CommentId, scope.Transaction) is not { Deleted: false } target)
        {
            return WriteResult.NotFound;
        }

        await store.SetHiddenAsync(scope.Connection, scope.Transaction, target, hidden: false);
        await store.RestoredAsync(scope.Connection, scope.Transaction, moderationId, admin.Id);
        await audit.InsertAsync(scope.Connection, scope.Transaction, admin.Id, AuditActions.ContentRestored, Subject(target), AuditActions.Details(new { moderation = moderationId }));
        await events.AppendAsync(scope, target.CommentId is null ? EventKinds.PostRestored : EventKinds.CommentRestored,
            target.CommentId ?? target.PostId, target.PostId, admin.Id, target.DepartmentId);
        var notified = await notifications.ModeratedAsync(scope.Connection, scope.Transaction, admin.Id, target.PostId, target.CommentId, target.AuthorId);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, target.PostId);
    }

    /// The author answers the moderator's reason, once; admins read the answer in the queue.
    public async Task<WriteResult> AnswerAsync(Viewer viewer, long moderationId, string? answer, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var text = errors.Text("Answer", answer, ModerationLimits.Answer, singleLine: false);
        await using var scope = await db.BeginWriteAsync(ct);
        if (await store.GetActiveAsync(scope.Connection, moderationId, scope.Transaction) is not { } moderation)
        {
            return WriteResult.NotFound;
        }

        if (moderation.AuthorId != viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        if (moderation.Answer is not null)
        {
            errors.Add("Answer", t["You have answered already."]);
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, moderation.PostId, errors);
        }

        await store.AnswerAsync(scope.Connection, scope.Transaction, moderationId, text);
        await audit.InsertAsync(scope.Connection, scope.Transaction, viewer.Id, AuditActions.ModerationAnswered,
            moderation.CommentId is { } c ? AuditActions.Comment(c) : AuditActions.Post(moderation.PostId), AuditActions.Details(new { moderation = moderationId }));
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, moderation.PostId);
    }

    private static string Subject(ModerationTarget target) =>
        target.CommentId is { } c ? AuditActions.Comment(c) : AuditActions.Post(target.PostId);

}
