using System.Globalization;

namespace Bench.Runner;

/// Data a scenario needs that the seeded database does not hold.
public static class Scenarios
{
    /// The post page scenario needs a post with a full conversation: comments with a reaction each, made over HTTP.
    public static async Task<long> BusyPostAsync(Uri address, Session session, int comments)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        using var create = session.Request(HttpMethod.Post, "/posts", new() { ["kind"] = "article", ["title"] = "Benchmark-Artikel", ["body"] = "## Worum es geht\n\nEin Artikel mit **vielen** Kommentaren." });
        using var created = await http.SendAsync(create);
        var postId = long.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        for (var i = 0; i < comments; i++)
        {
            using var comment = session.Request(HttpMethod.Post, $"/posts/{postId}/comments", new() { ["body"] = $"Kommentar Nummer {i} mit etwas _Markdown_." });
            using var response = await http.SendAsync(comment);
            var commentId = long.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[1], CultureInfo.InvariantCulture);
            using var react = session.Request(HttpMethod.Post, $"/posts/{postId}/comments/{commentId}/reactions", new() { ["kind"] = "like" });
            (await http.SendAsync(react)).Dispose();
        }

        return postId;
    }
}
