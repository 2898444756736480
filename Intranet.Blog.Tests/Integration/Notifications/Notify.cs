using System.Globalization;
using System.Net;
using Dapper;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Notifications;

public sealed record StoredNotification
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public int ItemCount { get; init; }
    public long VisibleAt { get; init; }
    public bool Announced { get; init; }
    public long? ReadAt { get; init; }
}

/// Helpers shared by the notification tests: stored rows as they are, and settings that keep tests independent of the hour.
public static class Notify
{
    public static async Task<IReadOnlyList<StoredNotification>> RowsAsync(BlogAppFactory app, long recipientId)
    {
        await using var connection = await app.Service<Database>().OpenAsync();
        return (await connection.QueryAsync<StoredNotification>(
            "SELECT id, kind, post_id, comment_id, item_count, visible_at, announced, read_at FROM notifications WHERE recipient_id = @recipientId ORDER BY id",
            new { recipientId })).AsList();
    }

    public static async Task<IReadOnlyList<long>> ActorsAsync(BlogAppFactory app, long notificationId)
    {
        await using var connection = await app.Service<Database>().OpenAsync();
        return (await connection.QueryAsync<long>("SELECT actor_id FROM notification_actors WHERE notification_id = @notificationId", new { notificationId })).AsList();
    }

    /// Every day, all day: whatever the test clock says, entries are visible at once.
    public static Task AlwaysAsync(BlogAppFactory app, long userId, NotificationSettings? settings = null) =>
        app.Service<NotificationStore>().SaveSettingsAsync(userId, (settings ?? NotificationSettings.Default) with { WorkDays = 127, WorkStart = 0, WorkEnd = 1440 });

    public static async Task ReactAsync(HttpClient client, long postId, long? commentId, string kind)
    {
        var url = commentId is { } c ? $"/posts/{postId}/comments/{c}/reactions" : $"/posts/{postId}/reactions";
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["state"] = "true" };
        var response = await TestData.PostFormAsync(client, "/", url, fields, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// The count the bell shows, as the script reads it after a reconnect.
    public static async Task<int> UnreadAsync(HttpClient client)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/notifications/unread"));
        return json.RootElement.GetProperty("count").GetInt32();
    }

    /// The sentences of the visible entries on /notifications, newest first.
    public static async Task<string[]> ListedAsync(HttpClient client) =>
        (await TestData.GetPageAsync(client, "/notifications")).QuerySelectorAll(".notification-text").Select(e => e.TextContent.Trim()).ToArray();

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
