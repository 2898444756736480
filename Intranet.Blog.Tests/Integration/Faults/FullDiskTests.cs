using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Intranet.Blog.Tests.Integration.Faults;

/// A full disk: reading goes on, writing is refused with the reason (and nothing typed is lost), /readyz says so,
/// open pages are told, and writing resumes by itself once there is space again.
[Category(TestEngine.SqliteOnly)]
[Category("Faults"), Category(TestPasses.Extra), Category(TestPasses.Root)]
public sealed class FullDiskTests
{
    private const string FullMessage = "Schreiben ist gerade nicht möglich: der Server hat keinen Speicherplatz. Deine Eingaben bleiben im Formular.";

    [Test, CancelAfter(120_000)]
    public async Task Pages_still_show_writes_are_refused_with_the_reason_and_writing_resumes_when_space_is_back(CancellationToken ct)
    {
        using var disk = Tmpfs.Mount("24m");
        await using var app = new BlogAppFactory(dataDirectory: Path.Combine(disk.Path, "data"),
            settings: new Dictionary<string, string> { ["Intranet:Storage:RetrySeconds"] = "1", ["Intranet:Backup:Nightly"] = "false" });
        // Kestrel starts before anything else builds the app's services (the hub needs a real socket).
        Assert.That(app.Address.IsLoopback);
        var author = await KestrelSession.SignInAsync(app, await TestData.PersonAsync(app));
        using var reader = await KestrelSession.SignInAsync(app, await TestData.PersonAsync(app));
        var unread = await TestData.MicroAsync(author.Http, "Noch ungelesen, als der Speicher voll wurde");
        var token = await TestData.TokenAsync(author.Http, "/");
        await using var live = await reader.ConnectAsync();

        disk.Fill();
        // The first posts may still fit into log space SQLite took earlier; within a few the disk says no.
        var acknowledged = new List<long>();
        HttpResponseMessage refused;
        while ((refused = await PostAsync(author.Http, token, "/posts", new() { ["kind"] = "article", ["title"] = $"Beitrag {acknowledged.Count}", ["body"] = new string('x', 3000) })).StatusCode == HttpStatusCode.Created)
        {
            acknowledged.Add(long.Parse((await TestData.ParseAsync(refused)).QuerySelector("article[data-post-id]")!.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture));
            Assert.That(acknowledged, Has.Count.LessThan(500), "the disk never said it was full");
        }

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await refused.Content.ReadAsStringAsync(ct));
        Assert.That(await DetailAsync(refused), Is.EqualTo(FullMessage));
        var told = await live.ReceiveUntilAsync(i => i.Target == "Storage" && i.Argument.GetProperty("message").ValueKind == JsonValueKind.String);
        Assert.That(told[^1].Argument.GetProperty("message").GetString(), Is.EqualTo(FullMessage));

        // Reading a post nobody has recorded as read yet, and the feed (a new visit), would each write: they still show.
        var feed = await TestData.GetPageAsync(reader.Http, "/");
        var post = await TestData.GetPageAsync(reader.Http, $"/posts/{unread}");
        Assert.That(feed.QuerySelector("[data-read-only-banner]")!.TextContent, Is.EqualTo(FullMessage));
        Assert.That(post.QuerySelector("[data-read-only-banner]")!.HasAttribute("hidden"), Is.False);
        Assert.That(post.QuerySelector("main")!.TextContent, Does.Contain("Noch ungelesen"));

        var comment = await PostAsync(reader.Http, token: await TestData.TokenAsync(reader.Http, "/"), $"/posts/{unread}/comments", new() { ["body"] = "Ein Kommentar" });
        var reaction = await PostAsync(reader.Http, await TestData.TokenAsync(reader.Http, "/"), $"/posts/{unread}/reactions", new() { ["kind"] = "like", ["state"] = "true" });
        Assert.That((comment.StatusCode, reaction.StatusCode), Is.EqualTo((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable)));
        Assert.That(await DetailAsync(reaction), Is.EqualTo(FullMessage));

        // Without script the form post gets the message and the text back, to copy.
        var plain = await PostAsync(author.Http, token, "/posts", new() { ["kind"] = "article", ["title"] = "Mein Titel", ["body"] = "Mein langer Text" }, json: false);
        var page = await TestData.ParseAsync(plain);
        Assert.That(plain.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(page.QuerySelector("main p")!.TextContent, Is.EqualTo(FullMessage));
        Assert.That(page.QuerySelectorAll("textarea.kept-text").Select(t => t.TextContent), Is.EqualTo(new[] { "Mein Titel", "Mein langer Text" }));

        var ready = await author.Http.GetAsync("/readyz", ct);
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await ready.Content.ReadAsStringAsync(ct), Does.StartWith("database: ").And.Contain("full"));

        disk.Free();

        var back = await live.ReceiveUntilAsync(i => i.Target == "Storage" && i.Argument.GetProperty("message").ValueKind == JsonValueKind.Null);
        Assert.That(back, Is.Not.Empty, "open pages are told that writing works again");
        Assert.That(app.Service<ReadOnlyMode>().Current, Is.Null);
        acknowledged.Add(await TestData.MicroAsync(author.Http, "Wieder Platz"));
        Assert.That((await author.Http.GetAsync("/readyz", ct)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await TestData.GetPageAsync(reader.Http, "/")).QuerySelector("[data-read-only-banner]")!.HasAttribute("hidden"), Is.True);
        await using var db = await app.Service<Database>().OpenAsync(ct);
        Assert.That(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM posts WHERE id IN @acknowledged", new { acknowledged }), Is.EqualTo(acknowledged.Count), "every acknowledged post is kept");
        Assert.That(await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"), Is.EqualTo("ok"));
        author.Dispose();
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string token, string url, Dictionary<string, string> fields, bool json = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))) };
        if (json)
        {
            request.Headers.Accept.ParseAdd("application/json");
        }

        return await client.SendAsync(request);
    }
}
