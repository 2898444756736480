using System.Data.Common;
using Intranet.Blog.Infrastructure.Db;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Features.Notifications;

public sealed record NotificationItem(NotificationRow Row, IReadOnlyList<string> Actors, int ActorCount);

public sealed record NotificationCursor(long At, long Id);

/// TimeZone: the reader's, for the time a held-back entry is due.
public sealed record NotificationsPage(IReadOnlyList<NotificationItem> Items, NotificationCursor? Next, int Unread, TimeZoneInfo TimeZone);

/// A page of the bell's list: the entries, then their two most recent actors and actor counts in one query.
public sealed class NotificationQuery(Database db, NotificationStore store, TimeProvider clock)
{
    public const int PageSize = 30;

    public async Task<NotificationsPage> PageAsync(long userId, long? beforeAt, long? beforeId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        var rows = await store.PageAsync(connection, userId, now, beforeAt ?? long.MaxValue, beforeId ?? long.MaxValue, PageSize + 1, ct);
        var page = rows.Take(PageSize).ToList();
        var items = await ItemsAsync(connection, page, ct);
        var next = rows.Count > PageSize ? new NotificationCursor(DapperSetup.ToUnixMs(page[^1].UpdatedAt), page[^1].Id) : null;
        var zone = TimeZoneInfo.FindSystemTimeZoneById((await store.SettingsAsync(userId, ct)).TimeZone);
        return new NotificationsPage(items, next, await store.UnreadCountAsync(userId, ct), zone);
    }

    /// Entries as the list shows them: each with its two most recent actors and how many acted, in one query.
    public async Task<IReadOnlyList<NotificationItem>> ItemsAsync(DbConnection connection, IReadOnlyList<NotificationRow> rows, CancellationToken ct)
    {
        var actors = (await store.ActorsAsync(connection, rows.Select(r => r.Id).ToList(), ct)).ToLookup(a => a.NotificationId);
        return rows.Select(r => new NotificationItem(r, actors[r.Id].Select(a => a.DisplayName).ToList(), actors[r.Id].FirstOrDefault()?.Total ?? 0)).ToList();
    }
}
