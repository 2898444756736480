using System.Globalization;
using System.Net;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Announcements;

/// Publishing announcements through the article form, as an executive does, and reading what they left behind.
public static class Memos
{
    /// departments empty: the whole company. due: a date in the author's time zone (yyyy-MM-dd).
    public static async Task<HttpResponseMessage> PublishAsync(HttpClient author, string title, bool mustRead, string? due, params long[] departments)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("kind", "article"), new("title", title), new("body", $"{title}: bitte beachten."),
            new("announcement.announce", "true"), new("announcement.audience", departments.Length == 0 ? "company" : "departments"),
            new("__RequestVerificationToken", await TestData.TokenAsync(author, "/posts/new")),
        };
        fields.AddRange(departments.Select(d => new KeyValuePair<string, string>("announcement.departmentIds", d.ToString(CultureInfo.InvariantCulture))));
        if (mustRead)
        {
            fields.Add(new("announcement.mustRead", "true"));
        }

        if (due is not null)
        {
            fields.Add(new("announcement.due", due));
        }

        return await author.PostAsync("/posts", new FormUrlEncodedContent(fields));
    }

    public static async Task<long> PublishedAsync(HttpClient author, string title, bool mustRead, string? due, params long[] departments)
    {
        var response = await PublishAsync(author, title, mustRead, due, departments);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    /// A date some days from today in Berlin, as the date field sends it.
    public static string InDays(TimeProvider clock, int days) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime).AddDays(days)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<long> ChildDepartmentAsync(BlogAppFactory app, long parentId)
    {
        var id = await TestData.DepartmentAsync(app);
        await using var connection = await app.Service<Database>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE departments SET parent_id = @parentId WHERE id = @id", new { parentId, id });
        return id;
    }

    public static Task<HttpResponseMessage> AcknowledgeAsync(HttpClient reader, long postId) =>
        TestData.PostFormAsync(reader, $"/posts/{postId}", $"/posts/{postId}/acknowledge", []);

    public static async Task<int> RemindDueAsync(BlogAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnnouncementService>().RemindDueAsync(default);
    }

    public static Task<long> NotificationsAsync(BlogAppFactory app, long postId, string kind) =>
        TestData.ScalarAsync<long>(app, "SELECT COUNT(*) FROM notifications WHERE post_id = @postId AND kind = @kind", new { postId, kind });
}
