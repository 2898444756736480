using System.Data.Common;
using System.Globalization;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Questions;

/// Questions and their answers: asking (inside the post's write), the first answer (inside the comment's write),
/// accepting, helpful marks, the open lists, the reminder at half the target and the monthly figures.
public sealed class QuestionService(
    Database db, QuestionStore questions, EventStore events, CurationRights rights,
    InfluencerStore influencers, DepartmentStore departments, NotificationService notifications, BellQueue bells, ResponseTargets targets,
    IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    /// A new post asked as a question: its row commits with the post.
    public Task AskedAsync(WriteScope scope, long postId) => questions.AskedAsync(scope.Connection, scope.Transaction, postId);

    /// A comment was written on postId: if it is a question and this is its first answer by someone other than the
    /// asker, the question is answered from now on and every card showing it says so.
    public async Task CommentedAsync(WriteScope scope, long postId, long askerId, long commenterId, long commentId)
    {
        if (commenterId != askerId && await questions.AnsweredAsync(scope.Connection, scope.Transaction, postId, commentId) == 1)
        {
            await events.AppendAsync(scope, EventKinds.PostQuestion, postId, postId, commenterId);
        }
    }

    /// The asker, the curators of the question's department and admins accept an answer; commentId null takes the
    /// acceptance back. Accepting another answer replaces the first. The answerer is notified.
    public async Task<WriteResult> AcceptAsync(Viewer viewer, long postId, long? commentId, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var question = await questions.GetAsync(scope.Connection, postId, ct, scope.Transaction);
        if (question is not { Listed: true })
        {
            return WriteResult.NotFound;
        }

        if (!await MayAcceptAsync(scope, viewer, question, ct))
        {
            return WriteResult.Forbidden;
        }

        AnswerRow? answer = null;
        if (commentId is { } id)
        {
            answer = await questions.AnswerAsync(scope.Connection, id, ct, scope.Transaction);
            // An answer is a comment on the question itself, not a reply under one (the form offers no other).
            if (answer is null || answer.PostId != postId || !answer.Visible || answer.ParentId is not null)
            {
                return WriteResult.NotFound;
            }
        }

        IReadOnlyList<long> notified = [];
        if (await questions.AcceptAsync(scope.Connection, scope.Transaction, postId, commentId, viewer.Id) == 1)
        {
            await events.AppendAsync(scope, EventKinds.PostQuestion, postId, postId, viewer.Id);
            if (answer is not null)
            {
                notified = await notifications.AnswerAcceptedAsync(scope.Connection, scope.Transaction, viewer.Id, postId, answer.CommentId, answer.AuthorId);
            }
        }

        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, postId);
    }

    /// Marks an answer helpful or takes the mark back; one mark per person, never on one's own answer. A repeat (a
    /// second click, two tabs at once) changes nothing. Returns the post's id.
    public async Task<WriteResult> SetHelpfulAsync(Viewer viewer, long commentId, bool helpful, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var answer = await questions.AnswerAsync(scope.Connection, commentId, ct, scope.Transaction);
        if (answer is not { Visible: true } || await questions.GetAsync(scope.Connection, answer.PostId, ct, scope.Transaction) is not { Listed: true })
        {
            return WriteResult.NotFound;
        }

        if (answer.AuthorId == viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        if (await questions.SetVoteAsync(scope.Connection, scope.Transaction, commentId, viewer.Id, helpful) == 1)
        {
            await events.AppendAsync(scope, EventKinds.CommentHelpful, commentId, answer.PostId, viewer.Id);
        }

        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, answer.PostId);
    }

    /// Helpful marks and acceptance of a question's answers as this viewer sees them, for its page (which orders
    /// them: Comments' CommentView.AsAnswers). Null when the post is no question.
    public async Task<AnswerSheet?> AnswersAsync(Viewer viewer, long postId, IReadOnlyList<AnswerRow> answers, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var question = await questions.GetAsync(connection, postId, ct);
        if (question is null)
        {
            return null;
        }

        var ids = answers.Select(a => a.CommentId).ToList();
        var helpful = await questions.HelpfulAsync(connection, ids, ct);
        var mine = await questions.MineAsync(connection, ids, viewer.Id, ct);
        var mayAccept = await MayAcceptAsync(connection, null, viewer, question, ct);
        return new AnswerSheet(answers.ToDictionary(a => a.CommentId, a => new AnswerFacts(
            helpful.GetValueOrDefault(a.CommentId), mine.Contains(a.CommentId), a.CommentId == question.AcceptedCommentId,
            mayAccept && a.ParentId is null, a.AuthorId != viewer.Id)), mayAccept);
    }

    /// The open questions, oldest first, company-wide or of one department, with the working hours each has waited.
    /// Overdue is shown to those who answer for the department: its curators and admins.
    public async Task<OpenQuestionsView?> OpenAsync(Viewer viewer, long? departmentId, CancellationToken ct)
    {
        string? name = null;
        if (departmentId is { } d && (name = (await departments.GetAsync(d, ct))?.Name) is null)
        {
            return null;
        }

        IReadOnlyList<OpenQuestionRow> rows;
        IReadOnlyDictionary<long, ResponseTargetRow> own;
        await using (var connection = await db.OpenAsync(ct))
        {
            rows = await questions.OpenAsync(connection, departmentId, QuestionLimits.OpenList, ct);
            own = await questions.TargetsAsync(connection, rows.Select(r => r.DepartmentId).OfType<long>().Distinct().ToList(), ct);
        }

        var curated = await rights.CuratedAsync(viewer, ct);
        var now = clock.GetUtcNow();
        var list = rows.Select(r =>
        {
            var target = targets.For(r.DepartmentId is { } id ? own.GetValueOrDefault(id) : null);
            var answersFor = r.DepartmentId is { } dep && curated.Contains(dep);
            return new OpenQuestionView(r, target.Week.Between(r.AskedAt, now), answersFor && target.DueAt(r.AskedAt) <= now);
        }).ToList();
        return new OpenQuestionsView(departmentId, name, list, curated.Count > 0);
    }

    /// Reminds each department's influencers once of every question that reached half its target without an answer;
    /// their quiet hours decide when the entry shows. Returns how long until the next question reaches its half.
    public async Task<TimeSpan?> RemindAsync(CancellationToken ct)
    {
        IReadOnlyList<QuestionRow> waiting;
        IReadOnlyDictionary<long, ResponseTargetRow> own;
        await using (var connection = await db.OpenAsync(ct))
        {
            waiting = await questions.UnremindedAsync(connection, ct);
            own = await questions.TargetsAsync(connection, waiting.Select(q => q.DepartmentId!.Value).Distinct().ToList(), ct);
        }

        var now = clock.GetUtcNow();
        TimeSpan? next = null;
        foreach (var question in waiting)
        {
            var half = targets.For(own.GetValueOrDefault(question.DepartmentId!.Value)).HalfAt(question.AskedAt);
            if (half > now)
            {
                next = next is { } n && n < half - now ? n : half - now;
                continue;
            }

            await using var scope = await db.BeginWriteAsync(ct);
            // The claim and the entries commit together: a crash in between sends it again, a second round never.
            if (await questions.RemindedAsync(scope.Connection, scope.Transaction, question.PostId) == 0)
            {
                continue;
            }

            var helpers = (await influencers.OfDepartmentAsync(scope.Connection, question.DepartmentId.Value, ct, scope.Transaction)).Select(p => p.Id).ToList();
            var notified = await notifications.QuestionWaitingAsync(scope.Connection, scope.Transaction, question.PostId, helpers.Where(id => id != question.AskerId).ToList());
            await scope.CommitAsync(ct);
            bells.Enqueue(notified);
        }

        return next;
    }

    /// A department's figures for its page: the last months, the current one included, months in the organisation's zone.
    public async Task<ResponseFiguresView> FiguresAsync(Viewer viewer, long departmentId, CancellationToken ct)
    {
        var zone = targets.Organisation.Zone;
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var first = new DateTime(local.Year, local.Month, 1).AddMonths(1 - QuestionLimits.FigureMonths);
        ResponseTarget target;
        IReadOnlyList<AnsweringRow> rows;
        int open;
        await using (var connection = await db.OpenAsync(ct))
        {
            target = targets.For((await questions.TargetsAsync(connection, [departmentId], ct)).GetValueOrDefault(departmentId));
            rows = await questions.AnsweringAsync(connection, departmentId, WorkingHours.ToUtc(first, zone), DateTimeOffset.MaxValue, ct);
            open = (await questions.OpenAsync(connection, departmentId, QuestionLimits.OpenList, ct)).Count;
        }

        var months = Enumerable.Range(0, QuestionLimits.FigureMonths).Select(i => DateOnly.FromDateTime(first.AddMonths(i))).Reverse()
            .Select(month => ResponseFigures.Of(month, rows.Where(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.AskedAt, zone).Date) is var d && d.Year == month.Year && d.Month == month.Month).ToList(), target, clock.GetUtcNow()))
            .ToList();
        return new ResponseFiguresView(departmentId, target, months, open, await rights.MayCurateAsync(viewer, departmentId, ct));
    }

    public async Task<ResponseTargetEditorView?> TargetEditorAsync(Viewer viewer, long departmentId, CancellationToken ct)
    {
        var department = await departments.GetAsync(departmentId, ct);
        if (department is null)
        {
            return null;
        }

        await using var connection = await db.OpenAsync(ct);
        var row = (await questions.TargetsAsync(connection, [departmentId], ct)).GetValueOrDefault(departmentId);
        var target = targets.For(row);
        var week = target.Week;
        return new ResponseTargetEditorView(departmentId, department.Name, new ResponseTargetInput
        {
            Hours = target.Target.TotalHours.ToString("0.##", CultureInfo.CurrentCulture),
            OwnHours = target.OwnHours,
            TimeZone = week.Zone.Id,
            Days = Enumerable.Range(0, 7).Select(i => 1 << i).Where(bit => (week.Days & bit) != 0).ToArray(),
            Start = NotificationSettingsInput.Clock(week.Start),
            End = NotificationSettingsInput.Clock(week.End),
        }, NotificationSettingsForm.TimeZones, await rights.MayCurateAsync(viewer, departmentId, ct));
    }

    /// The department's curators and admins set its target and, if they choose, working hours of its own.
    public async Task<WriteResult> SaveTargetAsync(Viewer viewer, long departmentId, ResponseTargetInput input, CancellationToken ct)
    {
        if (!await departments.ExistsAsync(departmentId, ct))
        {
            return WriteResult.NotFound;
        }

        if (!await rights.MayCurateAsync(viewer, departmentId, ct))
        {
            return WriteResult.Forbidden;
        }

        var errors = new FieldErrors(t);
        var minutes = TargetMinutes(errors, input.Hours);
        var hours = input.OwnHours ? NotificationSettingsForm.WorkingHoursOf(errors, input.TimeZone, input.Days, input.Start, input.End, t) : null;
        if (hours is { WorkDays: 0 })
        {
            errors.Add("Working days", t["Choose at least one working day."]);
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, departmentId, errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        await questions.SaveTargetAsync(scope.Connection, scope.Transaction, new ResponseTargetRow
        {
            DepartmentId = departmentId, TargetMinutes = minutes!.Value, TimeZone = hours?.TimeZone, WorkDays = hours?.WorkDays, WorkStart = hours?.WorkStart, WorkEnd = hours?.WorkEnd,
        }, viewer.Id);
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, departmentId);
    }

    private int? TargetMinutes(FieldErrors errors, string? value)
    {
        var text = errors.Text("Response target", value, 8);
        if (errors.Any)
        {
            return null;
        }

        // "4", "4,5" or "4.5": German readers type a comma. Decimal, not double: double reads "NaN", which passes
        // every range check.
        if (!decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hours)
            || hours < (decimal)QuestionLimits.MinTargetHours || hours > (decimal)QuestionLimits.MaxTargetHours)
        {
            errors.Add("Response target", t["The response target must be between {0} and {1} working hours.", QuestionLimits.MinTargetHours, QuestionLimits.MaxTargetHours]);
            return null;
        }

        return (int)Math.Round(hours * 60);
    }

    private Task<bool> MayAcceptAsync(WriteScope scope, Viewer viewer, QuestionRow question, CancellationToken ct) =>
        MayAcceptAsync(scope.Connection, scope.Transaction, viewer, question, ct);

    private async Task<bool> MayAcceptAsync(DbConnection connection, DbTransaction? transaction, Viewer viewer, QuestionRow question, CancellationToken ct) =>
        viewer.Id == question.AskerId || viewer.IsAdmin
        || question.DepartmentId is { } d && await rights.MayCurateAsync(connection, transaction, viewer, d, ct);
}
