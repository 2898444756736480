using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Mail;

/// Decides who gets which mail, and writes each to the outbox together with what it names (mail_items), so no item
/// is mailed twice: must-read announcements unopened past the grace period, mentions for those who chose them, and
/// each person's digest when it is due. Nothing goes out inside the person's quiet hours: it waits for their next
/// working hours. Everything is decided from the database, so a restart loses and repeats nothing.
public sealed class MailPlanner(
    Database db, MailStore store, MailComposer composer, MailOutbox outbox, NotificationStore notifications,
    NotificationQuery notificationItems, IOptions<MailOptions> options, TimeProvider clock)
{
    /// A mention read in the app within minutes is not mailed too.
    public static readonly TimeSpan MentionGrace = TimeSpan.FromMinutes(5);

    // Switching mail on does not send what was long settled: nothing older than these is mailed at once.
    private static readonly TimeSpan OldestImmediate = TimeSpan.FromDays(14);
    private static readonly TimeSpan OldestInDigest = TimeSpan.FromDays(30);

    private const int Take = 2000;
    private const int DigestAnnouncements = 10;
    private const int DigestPersonal = 10;
    private const int DigestDiscussed = 5;

    /// Sent mails stay this long (to tell an operator what went out), what mails named twice that: the digest looks
    /// back OldestInDigest at most, so nothing older could be mailed again.
    public static readonly TimeSpan KeepSent = TimeSpan.FromDays(30);
    public static readonly TimeSpan KeepItems = TimeSpan.FromDays(60);

    /// One look at everything; returns the number of mails written.
    public async Task<int> RunAsync(CancellationToken ct) =>
        !outbox.Enabled ? 0 : await MustReadAsync(ct) + await MentionsAsync(ct) + await DigestsAsync(ct);

    /// Forgets sent mails and what they named once they can matter no more (runs with mail off too: what an earlier
    /// configuration sent is cleaned up all the same).
    public Task<int> PruneAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return store.PruneAsync(now - KeepSent, now - KeepItems, ct);
    }

    public async Task<int> MustReadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await store.MustReadDueAsync(now, now - TimeSpan.FromMinutes(options.Value.MustReadGraceMinutes), now - OldestImmediate, Take, ct);
        var written = 0;
        // One memo reaches many: it is read once per round, not once per addressee.
        var posts = new Dictionary<long, MailPost?>();
        foreach (var (postId, userId) in due)
        {
            ct.ThrowIfCancellationRequested();
            written += await WriteAsync(userId, [new MailItem(postId, 0)], now, ct, async (scope, to) =>
            {
                if (!posts.TryGetValue(postId, out var post))
                {
                    posts[postId] = post = await store.PostAsync(scope.Connection, scope.Transaction, postId);
                }

                return post is null ? null : composer.MustRead(to, post);
            });
        }

        return written;
    }

    public async Task<int> MentionsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await store.MentionsDueAsync(now, now - MentionGrace, now - OldestImmediate, Take, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        IReadOnlyDictionary<long, NotificationItem> items;
        await using (var connection = await db.OpenAsync(ct))
        {
            var rows = await store.NotificationsAsync(connection, null, due.Select(d => d.NotificationId).ToList());
            items = (await notificationItems.ItemsAsync(connection, rows, ct)).ToDictionary(i => i.Row.Id);
        }

        var written = 0;
        foreach (var (notificationId, userId) in due)
        {
            ct.ThrowIfCancellationRequested();
            if (items.GetValueOrDefault(notificationId) is { } item)
            {
                written += await WriteAsync(userId, [new MailItem(item.Row.PostId, item.Row.CommentId ?? 0)], now, ct,
                    (_, to) => Task.FromResult<OutgoingMail?>(composer.Mention(to, item)));
            }
        }

        return written;
    }

    public async Task<int> DigestsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var written = 0;
        foreach (var userId in await store.DigestsDueAsync(now, Take, ct))
        {
            ct.ThrowIfCancellationRequested();
            written += await DigestAsync(userId, now, ct);
        }

        return written;
    }

    private async Task<int> DigestAsync(long userId, DateTimeOffset now, CancellationToken ct)
    {
        var prefs = await store.PreferencesAsync(userId, ct);
        var hours = await notifications.SettingsAsync(userId, ct);
        var next = DigestSchedule.NextDue(now, prefs.Digest, hours) ?? now.AddDays(1);
        // Looked at again at the latest in six hours: a new time zone or working day takes effect the same day.
        var nextAt = next < now.AddHours(6) ? next : now.AddHours(6);

        await using var connection = await db.OpenAsync(ct);
        var covered = await store.CoveredUntilAsync(connection, null, userId);
        var last = DigestSchedule.LastDue(now, prefs.Digest, hours);
        var quietUntil = WorkingHours.NextVisible(now, hours);
        if (covered is null)
        {
            // The first look starts the count: the first digest tells what happens from now on.
            await SaveStateAsync(userId, now, nextAt, ct);
            return 0;
        }

        if (last is null || last <= covered)
        {
            await SaveStateAsync(userId, covered.Value, nextAt, ct);
            return 0;
        }

        if (quietUntil > now)
        {
            // Due, but outside the person's hours (a Monday they do not work): it goes when their hours begin.
            await SaveStateAsync(userId, covered.Value, quietUntil, ct);
            return 0;
        }

        var announcements = await store.UnopenedAnnouncementsAsync(connection, null, userId, now, now - OldestInDigest, DigestAnnouncements);
        var personal = await notificationItems.ItemsAsync(connection,
            await store.PersonalNotificationsAsync(connection, null, userId, now - OldestInDigest, DigestPersonal), ct);
        var shown = announcements.Select(a => a.PostId).ToHashSet();
        var discussed = (await store.DiscussedAsync(connection, null, userId, covered.Value, DigestDiscussed + shown.Count))
            .Where(p => !shown.Contains(p.PostId)).Take(DigestDiscussed).ToList();
        if (announcements.Count + personal.Count + discussed.Count == 0)
        {
            await SaveStateAsync(userId, now, nextAt, ct);
            return 0;
        }

        var items = announcements.Select(a => new MailItem(a.PostId, 0))
            .Concat(personal.Select(p => new MailItem(p.Row.PostId, p.Row.CommentId ?? 0)))
            .Concat(discussed.Select(d => new MailItem(d.PostId, 0)))
            .Distinct().ToList();
        return await WriteAsync(userId, items, now, ct, async (scope, to) =>
        {
            // Another look (a second app round) got here first: its digest covered this.
            if (await store.CoveredUntilAsync(scope.Connection, scope.Transaction, userId) != covered)
            {
                return null;
            }

            await store.SaveDigestStateAsync(scope.Connection, scope.Transaction, userId, now, nextAt);
            return composer.Digest(to, prefs.Digest == DigestEvery.Daily, announcements, personal, discussed);
        }, allowMailed: true);
    }

    private async Task SaveStateAsync(long userId, DateTimeOffset coveredUntil, DateTimeOffset nextAt, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        await store.SaveDigestStateAsync(scope.Connection, scope.Transaction, userId, coveredUntil, nextAt);
        await scope.CommitAsync(ct);
    }

    /// One mail in one write: the person must still be active and outside quiet hours, and (unless allowMailed, for a
    /// digest whose items were chosen unmailed a moment ago by the only planner) no earlier mail may have named the
    /// item. compose returns null when there is nothing to say after all.
    private async Task<int> WriteAsync(long userId, IReadOnlyList<MailItem> items, DateTimeOffset now, CancellationToken ct,
        Func<WriteScope, MailRecipient, Task<OutgoingMail?>> compose, bool allowMailed = false)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var to = (await store.RecipientsAsync(scope.Connection, scope.Transaction, [userId])).GetValueOrDefault(userId);
        if (to is null)
        {
            return 0;
        }

        var hours = (await notifications.SettingsOfAsync(scope.Connection, scope.Transaction, [userId])).GetValueOrDefault(userId) ?? NotificationSettings.Default;
        if (WorkingHours.NextVisible(now, hours) > now)
        {
            return 0;
        }

        if (!allowMailed)
        {
            foreach (var item in items)
            {
                if (await store.MailedAsync(scope.Connection, scope.Transaction, userId, item))
                {
                    return 0;
                }
            }
        }

        if (await compose(scope, to) is not { } mail)
        {
            return 0;
        }

        await outbox.EnqueueAsync(scope, mail);
        await store.RecordItemsAsync(scope.Connection, scope.Transaction, userId, items, now);
        await scope.CommitAsync(ct);
        return 1;
    }
}

/// Looks every minute: the planner writes what is due, the sender (woken by each write) sends it.
public sealed partial class MailRounds(IServiceScopeFactory scopes, TimeProvider clock, ILogger<MailRounds> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(6);
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Rounds.RepeatAsync(nameof(MailRounds), scopes, clock, Every, async (services, ct) =>
        {
            var planner = services.GetRequiredService<MailPlanner>();
            if (clock.GetUtcNow() - _pruned >= PruneEvery)
            {
                await planner.PruneAsync(ct);
                _pruned = clock.GetUtcNow();
            }

            await planner.RunAsync(ct);
            return Every;
        }, ex => Failed(logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Planning mails failed; trying again in a minute")]
    private static partial void Failed(ILogger logger, Exception exception);
}
