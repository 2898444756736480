using System.Net;
using System.Text.Json;
using Dapper;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Faults;

/// `rm data/intranet.db*` while the app runs: SQLite in WAL mode would go on writing into the deleted file, every
/// post would answer success, and all of it would be gone at the next start.
[Category(TestEngine.SqliteOnly)]
[Category("Faults")]
public sealed class DeletedDatabaseTests
{
    [Test]
    public async Task Writing_stops_with_a_clear_error_and_what_the_app_held_is_rescued()
    {
        await using var app = new BlogAppFactory();
        var author = await TestData.PersonAsync(app);
        var client = await TestData.SignedInClientAsync(app, author);
        var before = await TestData.MicroAsync(client, "Vor dem Löschen geschrieben");
        var token = await TestData.TokenAsync(client, "/");

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }

        var refused = await PostMicroAsync(client, token, "Nach dem Löschen geschrieben");
        var ready = await client.GetAsync("/readyz");

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await refused.Content.ReadAsStringAsync());
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.That(problem.RootElement.GetProperty("detail").GetString(), Does.Contain("Datenbankdatei wurde vom Server entfernt"));
        }

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.Contain("was deleted or replaced while the app ran"));
        Assert.That(File.Exists(app.DatabasePath), Is.False, "no new, empty database took the deleted one's place");
        var rescued = Directory.GetFiles(app.DataDirectory, "intranet.db.rescued-*");
        Assert.That(rescued, Has.Length.EqualTo(1));
        await using var copy = new SqliteConnection($"Data Source={rescued[0]};Mode=ReadOnly;Pooling=False");
        Assert.That(await copy.QueryAsync<string>("SELECT body_md FROM posts WHERE id = @before", new { before }), Is.EqualTo(new[] { "Vor dem Löschen geschrieben" }));
        Assert.That(await copy.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts WHERE body_md LIKE 'Nach dem%'"), Is.Zero);
    }

    private static async Task<HttpResponseMessage> PostMicroAsync(HttpClient client, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/posts")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["kind"] = "micro", ["body"] = body, ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return await client.SendAsync(request);
    }
}
