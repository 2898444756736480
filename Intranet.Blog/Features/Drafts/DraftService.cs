using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Drafts;

/// What a draft form asks for besides saving: to schedule the draft for its time, or to publish it now.
public enum DraftStep { Save, Schedule, Publish }

/// Drafts are their author's, shared with the co-authors they name: co-authors edit the text, only the author sets
/// co-authors, schedules, publishes or deletes. Publishing goes through PostService as a new post would, so the post
/// appears live, notifies and is found exactly as if it had been written at that moment.
public sealed class DraftService(
    Database db, DraftStore drafts, PostService posts, DepartmentStore departments, HandleStore handles,
    NotificationStore notificationSettings, NotificationService notifications, BellQueue bells, ScheduledPublisher publisher,
    IStringLocalizer<SharedResource> t, TimeProvider clock, ILogger<DraftService> logger)
{
    public const string PublishAtField = DraftFields.PublishAtField;
    public const string CoAuthorsField = DraftFields.CoAuthorsField;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm";
    private static readonly string[] TimeFormats = [TimeFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.fff"];

    /// id null: a new draft. Nothing is written when the text is refused; a refused schedule or publication keeps the
    /// saved text (the result then carries the draft's id and the errors).
    public async Task<WriteResult> SaveAsync(Viewer viewer, long? id, PostInput input, DraftInput draft, DraftStep step, bool mayAnnounce, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var content = await ContentAsync(errors, input, mayAnnounce, ct);
        var existing = id is { } known ? await drafts.GetForAsync(known, viewer.Id, ct) : null;
        if (id is not null && existing is null)
        {
            return WriteResult.NotFound;
        }

        var isAuthor = existing is null || existing.AuthorId == viewer.Id;
        if (!isAuthor && step != DraftStep.Save)
        {
            return WriteResult.Forbidden;
        }

        // Scheduling is the author's word that this text goes out in their name: a co-author changing it afterwards
        // would publish words the author never saw. Until it appears (or the author cancels), only the author edits.
        if (!isAuthor && existing!.PublishAt is not null)
        {
            errors.Add("Text", t["It is scheduled: until it appears, only {0} can change it. Ask them to cancel the schedule first.", existing.AuthorName]);
        }

        var coAuthors = isAuthor ? await CoAuthorsAsync(errors, draft.CoAuthors, viewer.Id, ct) : null;
        var publishAt = step == DraftStep.Schedule ? await PublishTimeAsync(errors, viewer.Id, draft.PublishAt, ct) : null;
        if (step == DraftStep.Schedule && !errors.Any)
        {
            foreach (var (field, message) in (await posts.CheckAsync(viewer, Article(input), mayAnnounce, publishAt!.Value, ct)).All)
            {
                errors.Add(field, message);
            }
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id ?? 0, errors);
        }

        long draftId;
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            if (existing is null)
            {
                if (await drafts.CountAsync(scope, viewer.Id) >= DraftLimits.PerAuthor)
                {
                    errors.Add("Text", t["You have {0} drafts already: publish or delete some first.", DraftLimits.PerAuthor]);
                    return new WriteResult(WriteStatus.Invalid, Errors: errors);
                }

                draftId = await drafts.InsertAsync(scope, viewer.Id, content!);
            }
            else
            {
                draftId = existing.Id;
                // Deleted or published by the author since it was read.
                if (await drafts.UpdateAsync(scope, draftId, viewer.Id, content!) == 0)
                {
                    return WriteResult.NotFound;
                }
            }

            if (coAuthors is not null)
            {
                await drafts.SetCoAuthorsAsync(scope, draftId, coAuthors);
            }

            if (publishAt is not null)
            {
                await drafts.ScheduleAsync(scope, draftId, publishAt);
            }

            await scope.CommitAsync(ct);
        }

        if (publishAt is not null)
        {
            publisher.Wake();
        }

        if (step != DraftStep.Publish)
        {
            return new WriteResult(WriteStatus.Ok, draftId);
        }

        var saved = await drafts.GetForAsync(draftId, viewer.Id, ct);
        var published = saved is null ? WriteResult.NotFound : await PublishAsync(saved, viewer, mayAnnounce, clock.GetUtcNow(), ct);
        return published.Status == WriteStatus.Invalid ? published with { Id = draftId } : published;
    }

    /// Back to being a draft; the text stays.
    public Task<WriteResult> UnscheduleAsync(Viewer viewer, long id, CancellationToken ct) =>
        AuthorOnlyAsync(viewer, id, scope => drafts.ScheduleAsync(scope, id, null), ct);

    public Task<WriteResult> DeleteAsync(Viewer viewer, long id, CancellationToken ct) =>
        AuthorOnlyAsync(viewer, id, scope => drafts.DeleteAsync(scope, id), ct);

    private async Task<WriteResult> AuthorOnlyAsync(Viewer viewer, long id, Func<WriteScope, Task<int>> write, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var draft = await drafts.GetForAsync(id, viewer.Id, ct, scope);
        if (draft is null)
        {
            return WriteResult.NotFound;
        }

        if (draft.AuthorId != viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        await write(scope);
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    /// Publishes the scheduled drafts whose time has come, each dated at its time, as its author with the role they
    /// hold now. One that cannot be published any more (its author left, lost the right to announce, its due date lay
    /// before its time, ...) goes back to being its author's draft with all its text, so it is not tried again every
    /// minute, and the author is told why: on the draft and in their notifications. Returns how many appeared.
    public async Task<int> PublishDueAsync(CancellationToken ct)
    {
        var published = 0;
        foreach (var draft in await drafts.DueAsync(clock.GetUtcNow(), take: 50, ct))
        {
            var author = new Viewer(draft.AuthorId, draft.AuthorRole == Roles.Admin, draft.AuthorRole == Roles.Executive);
            WriteResult result;
            try
            {
                result = draft.AuthorActive
                    ? await PublishAsync(draft, author, author.IsAdmin || author.IsExecutive, draft.PublishAt!.Value, ct)
                    : new WriteResult(WriteStatus.Invalid);
            }
            catch (Exception ex) when (ex is not (DbException or OperationCanceledException))
            {
                // Something in this one draft breaks publishing: it must not hold back every draft due after it, pass
                // after pass. A database that cannot be written (DbException) fails them all alike, so that still
                // ends the pass and the publisher tries again in a minute.
                logger.LogError(ex, "Publishing scheduled draft {Id} failed", draft.Id);
                result = new WriteResult(WriteStatus.Invalid);
            }

            switch (result.Status)
            {
                case WriteStatus.Ok:
                    published++;
                    break;
                case WriteStatus.Invalid or WriteStatus.Forbidden:
                    await RefuseAsync(draft, draft.AuthorActive ? ScheduleRefusals.Of(result.Errors?.All) : ScheduleRefusals.AuthorInactive, result, ct);
                    break;
            }
        }

        return published;
    }

    private async Task RefuseAsync(DraftRow draft, string reason, WriteResult result, CancellationToken ct)
    {
        logger.LogWarning("Scheduled draft {Id} could not be published ({Reason}: {Errors}); it is a draft again", draft.Id, reason,
            string.Join("; ", result.Errors?.All.Values ?? []));
        IReadOnlyList<long> told = [];
        await using (var scope = await db.BeginWriteAsync(ct))
        {
            if (await drafts.RefuseAsync(scope, draft, reason))
            {
                told = await notifications.ScheduleRefusedAsync(scope.Connection, scope.Transaction, draft.AuthorId, draft.Id);
            }

            await scope.CommitAsync(ct);
        }

        bells.Enqueue(told);
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken ct) => drafts.NextDueAsync(ct);

    private Task<WriteResult> PublishAsync(DraftRow draft, Viewer author, bool mayAnnounce, DateTimeOffset at, CancellationToken ct)
    {
        var input = new PostInput
        {
            Question = draft.Question,
            Kind = PostKinds.Article, Title = draft.Title, Body = draft.BodyMd, DepartmentId = draft.DepartmentId,
            Announcement = draft.Announcement is { } json ? JsonSerializer.Deserialize<AnnouncementInput>(json) : null,
        };
        return posts.PublishDraftAsync(author, input, mayAnnounce, at, scope => drafts.ClaimAsync(scope, draft), ct);
    }

    /// The draft in the editor: the form's fields as saved, and the draft's own (co-authors, the time in the author's zone).
    public async Task<(PostInput Input, DraftFields Fields)?> EditorAsync(Viewer viewer, long id, CancellationToken ct)
    {
        var draft = await drafts.GetForAsync(id, viewer.Id, ct);
        if (draft is null)
        {
            return null;
        }

        var input = new PostInput
        {
            Kind = PostKinds.Article, Title = draft.Title, Body = draft.BodyMd, DepartmentId = draft.DepartmentId, Question = draft.Question,
            Announcement = draft.Announcement is { } json ? JsonSerializer.Deserialize<AnnouncementInput>(json) : null,
        };
        return (input, await FieldsAsync(draft, viewer, null, ct));
    }

    /// The draft part of an editor shown again after a refused save, keeping what was typed.
    public async Task<DraftFields> FieldsAsync(Viewer viewer, long? id, DraftInput typed, CancellationToken ct) =>
        id is { } known && await drafts.GetForAsync(known, viewer.Id, ct) is { } draft
            ? await FieldsAsync(draft, viewer, typed, ct)
            : new DraftFields(null, IsAuthor: true, typed.CoAuthors, typed.PublishAt, null, null);

    private async Task<DraftFields> FieldsAsync(DraftRow draft, Viewer viewer, DraftInput? typed, CancellationToken ct)
    {
        var zone = WorkingHours.Zone((await notificationSettings.SettingsAsync(draft.AuthorId, ct)).TimeZone);
        var local = draft.PublishAt is { } at ? TimeZoneInfo.ConvertTime(at, zone) : (DateTimeOffset?)null;
        return new DraftFields(
            draft.Id, draft.AuthorId == viewer.Id,
            typed?.CoAuthors ?? string.Join(' ', draft.CoAuthors.Select(c => "@" + c.Handle)),
            typed?.PublishAt ?? local?.ToString(TimeFormat, CultureInfo.InvariantCulture),
            local is { } l ? $"{l.ToString("f", CultureInfo.CurrentCulture)} ({zone.Id})" : null,
            draft.AuthorId == viewer.Id ? null : draft.AuthorName)
        {
            Refusal = draft is { RefusedReason: { } reason, RefusedFor: { } failedFor }
                ? t["Not published on {0} ({1}): {2}", TimeZoneInfo.ConvertTime(failedFor, zone).ToString("f", CultureInfo.CurrentCulture), zone.Id, ScheduleRefusals.Sentence(reason, t)].Value
                : null,
        };
    }

    /// "My drafts": scheduled ones first, with their time in the viewer's zone.
    public async Task<DraftsView> ListAsync(Viewer viewer, CancellationToken ct)
    {
        var zone = WorkingHours.Zone((await notificationSettings.SettingsAsync(viewer.Id, ct)).TimeZone);
        string? Local(DateTimeOffset? at) => at is { } known ? TimeZoneInfo.ConvertTime(known, zone).ToString("f", CultureInfo.CurrentCulture) : null;
        var items = (await drafts.MineAsync(viewer.Id, ct))
            .Select(d => new DraftListItem(d, d.AuthorId == viewer.Id, Local(d.PublishAt), d.RefusedReason is null ? null : Local(d.RefusedFor)))
            .ToList();
        return new DraftsView(items.Where(i => i.Draft.PublishAt is not null).ToList(), items.Where(i => i.Draft.PublishAt is null).ToList(), zone.Id);
    }

    public static DraftSaved Saved(long id, DateTimeOffset at) =>
        new(id, $"/drafts/{id}/edit", $"/drafts/{id}", $"/drafts/{id}/schedule", $"/drafts/{id}/publish", at);

    public DateTimeOffset Now => clock.GetUtcNow();

    private static PostInput Article(PostInput input) => input with { Kind = PostKinds.Article };

    /// A draft may be unfinished (empty title or text), but it keeps the limits and refuses what every text refuses.
    private async Task<DraftContent?> ContentAsync(FieldErrors errors, PostInput input, bool mayAnnounce, CancellationToken ct)
    {
        var title = errors.Text("Title", input.Title, PostLimits.ArticleTitle, required: false);
        var body = errors.Text("Text", input.Body, PostLimits.ArticleBody, singleLine: false, required: false);
        if (input.DepartmentId is { } departmentId && !await departments.ExistsAsync(departmentId, ct))
        {
            errors.Add("DepartmentId", t["Unknown department."]);
        }

        var announcement = mayAnnounce && input.Announcement is { Announce: true } a ? JsonSerializer.Serialize(a) : null;
        return errors.Any ? null : new DraftContent(title, body, input.DepartmentId, announcement, input.Question);
    }

    /// "@anna.berg, @tom": active people by their handles, the author left out.
    private async Task<IReadOnlyList<long>?> CoAuthorsAsync(FieldErrors errors, string? text, long authorId, CancellationToken ct)
    {
        var cleaned = errors.Text(CoAuthorsField, text, DraftLimits.CoAuthorsText, required: false);
        var wanted = cleaned.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(h => Handles.MentionKey(h.TrimStart('@'))).Where(h => h.Length > 0).Distinct().ToList();
        if (errors.Any)
        {
            return null;
        }

        if (wanted.Count > DraftLimits.CoAuthors)
        {
            errors.Add(CoAuthorsField, t["At most {0} co-authors.", DraftLimits.CoAuthors]);
            return null;
        }

        var found = await handles.ActiveIdsByHandleAsync(wanted, ct);
        var unknown = wanted.Where(h => !found.ContainsKey(h)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(CoAuthorsField, t["Nobody is called {0}.", string.Join(", ", unknown.Select(h => "@" + h))]);
            return null;
        }

        return found.Values.Where(id => id != authorId).Distinct().ToList();
    }

    /// The date and time the author typed, in their time zone: after now and at most a year ahead.
    private async Task<DateTimeOffset?> PublishTimeAsync(FieldErrors errors, long authorId, string? value, CancellationToken ct)
    {
        var text = errors.Text(PublishAtField, value, 40);
        if (errors.Any)
        {
            return null;
        }

        if (!DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            errors.Add(PublishAtField, t["{0} is not a date.", t[PublishAtField]]);
            return null;
        }

        var zone = WorkingHours.Zone((await notificationSettings.SettingsAsync(authorId, ct)).TimeZone);
        var now = clock.GetUtcNow();
        // Checked before the conversion, which overflows near the ends of the calendar.
        if (local < now.UtcDateTime.AddDays(-1))
        {
            errors.Add(PublishAtField, t["The publishing time must lie in the future."]);
            return null;
        }

        if (local > now.UtcDateTime.AddDays(DraftLimits.MaxScheduleDays + 1))
        {
            errors.Add(PublishAtField, t["The publishing time may lie at most one year ahead."]);
            return null;
        }

        var at = WorkingHours.ToUtc(local, zone);
        if (at <= now)
        {
            errors.Add(PublishAtField, t["The publishing time must lie in the future."]);
            return null;
        }

        if (at > now.AddDays(DraftLimits.MaxScheduleDays))
        {
            errors.Add(PublishAtField, t["The publishing time may lie at most one year ahead."]);
            return null;
        }

        return at;
    }
}
