using System.Data.Common;
using System.Globalization;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Announcements;

/// Announcements and must-reads: the audience resolved at publishing, acknowledgements per round, progress and evidence
/// for the author and admins, reminders. Posts calls in here inside its own transactions (publishing, editing,
/// deleting), so an announcement never exists without its post or the other way round.
public sealed class AnnouncementService(
    Database db, AnnouncementStore store, DepartmentStore departments, PeopleStore people,
    NotificationService notifications, NotificationStore notificationSettings, BellQueue pusher, AuditStore audit,
    IStringLocalizer<SharedResource> t, TimeProvider clock)
{
    public const int PendingOnFeed = 20;

    /// Null when the form asks for no announcement; errors are added for anything wrong, including a person who may not announce.
    /// publishAt: a schedule's time, which the due and end dates must not lie before (checked when it is scheduled).
    public async Task<AnnouncementPlan?> ValidateAsync(FieldErrors errors, AnnouncementInput? input, long authorId, bool mayAnnounce, CancellationToken ct, DateTimeOffset? publishAt = null)
    {
        if (input is not { Announce: true })
        {
            return null;
        }

        if (!mayAnnounce)
        {
            errors.Add("Announcement", t["Only executives and admins may publish announcements."]);
            return null;
        }

        var wholeCompany = input.Audience != "departments";
        var chosen = (input.DepartmentIds ?? []).Distinct().ToList();
        if (!wholeCompany && chosen.Count == 0)
        {
            errors.Add("Announcement.DepartmentIds", t["Choose at least one department, or the whole company."]);
        }

        foreach (var id in chosen)
        {
            if (!await departments.ExistsAsync(id, ct))
            {
                errors.Add("Announcement.DepartmentIds", t["Unknown department."]);
            }
        }

        var zone = await TimeZoneAsync(authorId, ct);
        var dueOn = Date(errors, "Announcement.Due", "Due date", input.Due);
        var endsOn = Date(errors, "Announcement.Ends", "Shown on top until", input.Ends);
        var dueAt = dueOn is { } d ? Start(d, zone) : (DateTimeOffset?)null;
        var endsAt = endsOn is { } e ? Start(e.AddDays(1), zone) : (DateTimeOffset?)null;
        if (input.MustRead && dueAt is null && !errors.All.ContainsKey("Announcement.Due"))
        {
            errors.Add("Announcement.Due", t["A must-read needs a due date."]);
        }

        var today = clock.GetUtcNow();
        if (dueAt is { } due && due.AddDays(1) <= today)
        {
            errors.Add("Announcement.Due", t["The due date has passed."]);
        }

        if (endsAt is { } ends && ends <= today)
        {
            errors.Add("Announcement.Ends", t["The end date has passed."]);
        }

        // A must-read due before it appears could only be refused when its time came.
        if (publishAt is { } appears && dueAt is { } dueDay && dueDay.AddDays(1) <= appears)
        {
            errors.Add("Announcement.Due", t["The due date lies before the publishing time."]);
        }

        if (publishAt is { } shown && endsAt is { } endDay && endDay <= shown)
        {
            errors.Add("Announcement.Ends", t["The end date lies before the publishing time."]);
        }

        return new AnnouncementPlan(wholeCompany, wholeCompany ? [] : chosen, input.MustRead, input.MustRead ? dueOn : null, input.MustRead ? dueAt : null, endsAt);
    }

    /// Inside the post's own transaction: resolves the addressees (the chosen departments with their sub-departments,
    /// as they are at this moment; never the author), stores them and notifies each once. Returns the addressees and
    /// whose bell changed.
    public async Task<(IReadOnlyList<long> Recipients, IReadOnlyList<long> Notified)> PublishAsync(DbConnection connection, DbTransaction transaction, long postId, long authorId, AnnouncementPlan plan)
    {
        var subtree = new HashSet<long>();
        foreach (var chosen in plan.WholeCompany ? [] : plan.DepartmentIds)
        {
            subtree.UnionWith(await departments.SubtreeAsync(connection, chosen, CancellationToken.None, transaction));
        }

        var recipients = (await people.ActiveInAsync(connection, transaction, plan.WholeCompany ? null : subtree.ToList())).Where(r => r.UserId != authorId).ToList();
        await store.InsertAsync(connection, transaction, postId, authorId, plan, subtree, recipients, clock.GetUtcNow());
        await audit.InsertAsync(connection, transaction, authorId, AuditActions.AnnouncementPublished, AuditActions.Post(postId), AuditActions.Details(new
        {
            wholeCompany = plan.WholeCompany, departments = plan.DepartmentIds, mustRead = plan.MustRead, recipients = recipients.Count,
        }));
        var ids = recipients.Select(r => r.UserId).ToList();
        return (ids, await notifications.AnnouncedAsync(connection, transaction, authorId, postId, ids));
    }

    /// Inside the edit's transaction, when the author marks the change of a must-read as material: everyone is asked to
    /// acknowledge again. Returns whose bell changed, or null when the post is no must-read.
    public async Task<IReadOnlyList<long>?> MaterialChangeAsync(DbConnection connection, DbTransaction transaction, long postId, long actorId, int version)
    {
        if (await store.NextRoundAsync(connection, transaction, postId) is not { } round)
        {
            return null;
        }

        await audit.InsertAsync(connection, transaction, actorId, AuditActions.AnnouncementChanged, AuditActions.Post(postId), AuditActions.Details(new { round, version }));
        return await notifications.AnnouncedAsync(connection, transaction, actorId, postId, await store.RecipientIdsAsync(connection, transaction, postId));
    }

    /// Inside the delete's transaction: the post leaves every feed's top and sends no more reminders.
    public Task EndAsync(DbConnection connection, DbTransaction transaction, long postId) =>
        store.EndAsync(connection, transaction, postId, clock.GetUtcNow());

    public async Task<bool> IsMustReadAsync(long postId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await store.GetAsync(connection, postId) is { MustRead: true };
    }

    public Task<IReadOnlyList<long>> PendingAsync(DbConnection connection, long userId, CancellationToken ct) =>
        store.PendingAsync(connection, userId, clock.GetUtcNow(), PendingOnFeed, ct);

    public Task<IReadOnlyList<AnnouncementTag>> TagsAsync(DbConnection connection, IReadOnlyCollection<long> postIds, CancellationToken ct) =>
        store.TagsAsync(connection, postIds, ct);

    /// The box on the post page, or null when the post is no announcement. Someone is addressed when they were at
    /// publishing, or when their department is among those addressed now (they joined later: they may acknowledge,
    /// but do not count in the evidence).
    public async Task<MemoView?> MemoAsync(DbConnection connection, Viewer viewer, long postId, long authorId, int currentVersion, CancellationToken ct)
    {
        if (await store.GetAsync(connection, postId) is not { } announcement)
        {
            return null;
        }

        var addressed = viewer.Id != authorId && (await store.RecipientAsync(connection, postId, viewer.Id) is not null || announcement.WholeCompany
            || (await people.CardAsync(viewer.Id, ct))?.DepartmentId is { } d && (await store.DepartmentIdsAsync(connection, postId)).Contains(d));
        var acks = await store.AcknowledgementsAsync(connection, postId, viewer.Id, ct);
        var now = acks.FirstOrDefault(a => a.Round == announcement.Round);
        var earlier = acks.FirstOrDefault(a => a.Round < announcement.Round);
        return new MemoView(postId, authorId, announcement, addressed, currentVersion,
            now == default ? null : now.Version, earlier == default ? null : earlier.Version, viewer.Id == authorId || viewer.IsAdmin);
    }

    /// Opening the post ends an announcement's place at the top of the reader's feed. Writes only the first time.
    public async Task OpenedAsync(long postId, long userId, CancellationToken ct)
    {
        await using (var connection = await db.OpenAsync(ct))
        {
            if (await store.RecipientAsync(connection, postId, userId) is { Opened: true })
            {
                return;
            }
        }

        await using var scope = await db.BeginWriteAsync(ct);
        await store.OpenedAsync(scope.Connection, scope.Transaction, postId, userId, clock.GetUtcNow());
        await scope.CommitAsync(ct);
    }

    /// "I have read and understood" for the current round and version. False when there is nothing to acknowledge
    /// (no must-read, or the person is not addressed); a repeated click is fine and changes nothing.
    public async Task<bool> AcknowledgeAsync(Viewer viewer, long postId, long authorId, int version, CancellationToken ct)
    {
        MemoView? memo;
        await using (var connection = await db.OpenAsync(ct))
        {
            memo = await MemoAsync(connection, viewer, postId, authorId, version, ct);
        }

        if (memo is not { Addressed: true, Announcement.MustRead: true })
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var scope = await db.BeginWriteAsync(ct);
        await store.OpenedAsync(scope.Connection, scope.Transaction, postId, viewer.Id, now);
        var round = (await store.GetAsync(scope.Connection, postId, scope.Transaction))!.Round;
        await store.AcknowledgeAsync(scope.Connection, scope.Transaction, postId, round, viewer.Id, version, now);
        await scope.CommitAsync(ct);
        return true;
    }

    public async Task<ProgressView?> ProgressAsync(long postId, string title, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await store.GetAsync(connection, postId) is not { } announcement)
        {
            return null;
        }

        var departmentsProgress = await store.ProgressAsync(connection, postId, announcement.Round, ct);
        var pending = announcement.MustRead ? await store.PendingPeopleAsync(connection, postId, announcement.Round, ct) : [];
        var next = announcement.RemindedAt?.AddDays(1);
        var mayRemind = announcement.MustRead && pending.Count > 0 && (next is null || next <= clock.GetUtcNow());
        var all = new ProgressView(postId, title, announcement, departmentsProgress, pending, mayRemind, next);
        if (announcement.MustRead)
        {
            return all;
        }

        return all.Total < SmallestGroup
            ? all with { Departments = [], Opened = 0, OpenedHidden = true }
            : all with { Departments = WithoutSmallGroups(departmentsProgress) };
    }

    /// Fewest addressees a row of an ordinary announcement's reach may count (DESIGN: every cut has at least five).
    public const int SmallestGroup = 5;

    /// Who opened an ordinary announcement is nobody's business (only must-reads say they are tracked): a department
    /// of two would show whether those two opened it. Departments under five are counted together as "other
    /// departments"; when even those are under five, no department is shown, only the total, so that no row can be
    /// worked out by subtracting the others from it.
    private static IReadOnlyList<DepartmentProgress> WithoutSmallGroups(IReadOnlyList<DepartmentProgress> rows)
    {
        var small = rows.Where(r => r.Total < SmallestGroup).ToList();
        if (small.Count == 0)
        {
            return rows;
        }

        var others = new DepartmentProgress { IsOthers = true, Total = small.Sum(r => r.Total), Opened = small.Sum(r => r.Opened) };
        return others.Total < SmallestGroup ? [] : [.. rows.Where(r => r.Total >= SmallestGroup), others];
    }

    /// The author's reminder by hand to everyone who has not acknowledged yet: at most one a day.
    public async Task<RemindOutcome> RemindAsync(long actorId, long postId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var scope = await db.BeginWriteAsync(ct);
        var announcement = await store.GetAsync(scope.Connection, postId, scope.Transaction);
        if (announcement is not { MustRead: true })
        {
            return RemindOutcome.NotMustRead;
        }

        if (!await store.StampReminderAsync(scope.Connection, scope.Transaction, postId, now))
        {
            return RemindOutcome.TooSoon;
        }

        var changed = await SendReminderAsync(scope, announcement, actorId, automatic: false);
        await scope.CommitAsync(ct);
        pusher.Enqueue(changed);
        return RemindOutcome.Sent;
    }

    /// On the due date, one reminder to everyone who has not acknowledged. Run by DueReminders; returns how many
    /// must-reads it reminded about.
    public async Task<int> RemindDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<long> due;
        await using (var connection = await db.OpenAsync(ct))
        {
            due = await store.DueAsync(connection, now, ct);
        }

        var sent = 0;
        foreach (var postId in due)
        {
            await using var scope = await db.BeginWriteAsync(ct);
            var announcement = await store.GetAsync(scope.Connection, postId, scope.Transaction);
            if (announcement is null || !await store.StampDueReminderAsync(scope.Connection, scope.Transaction, postId, now))
            {
                continue;
            }

            var changed = await SendReminderAsync(scope, announcement, announcement.AuthorId, automatic: true);
            await scope.CommitAsync(ct);
            pusher.Enqueue(changed);
            sent++;
        }

        return sent;
    }

    private async Task<IReadOnlyList<long>> SendReminderAsync(WriteScope scope, Announcement announcement, long actorId, bool automatic)
    {
        var pending = await store.PendingIdsAsync(scope.Connection, scope.Transaction, announcement.PostId, announcement.Round);
        await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.AnnouncementReminded, AuditActions.Post(announcement.PostId),
            AuditActions.Details(new { automatic, recipients = pending.Count }));
        return await notifications.RemindedAsync(scope.Connection, scope.Transaction, actorId, announcement.PostId, pending);
    }

    /// The evidence of instruction as CSV: every addressee, each acknowledgement with its version and time (a material
    /// change gives a second line), or "not acknowledged". The export itself is audited.
    public async Task<string?> EvidenceCsvAsync(long actorId, long postId, CancellationToken ct)
    {
        IReadOnlyList<EvidenceRow> rows;
        await using (var connection = await db.OpenAsync(ct))
        {
            if (await store.GetAsync(connection, postId) is not { MustRead: true })
            {
                return null;
            }

            rows = await store.EvidenceAsync(connection, postId, ct);
        }

        await using (var scope = await db.BeginWriteAsync(ct))
        {
            await audit.InsertAsync(scope.Connection, scope.Transaction, actorId, AuditActions.EvidenceExported, AuditActions.Post(postId), AuditActions.Details(new { rows = rows.Count }));
            await scope.CommitAsync(ct);
        }

        return EvidenceCsv.Write(rows, t);
    }

    private async Task<TimeZoneInfo> TimeZoneAsync(long userId, CancellationToken ct)
    {
        var id = (await notificationSettings.SettingsAsync(userId, ct)).TimeZone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// A date field as the browser sends it (yyyy-MM-dd).
    private DateOnly? Date(FieldErrors errors, string field, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Both ends of the calendar: the start of 0001-01-01 in a zone east of UTC lies before year 1 (an exception, not a refusal).
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year is < 1900 or > 9000)
        {
            errors.Add(field, t["{0} is not a date.", t[label]]);
            return null;
        }

        return day;
    }

    /// The moment a day starts in a time zone.
    private static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

}
