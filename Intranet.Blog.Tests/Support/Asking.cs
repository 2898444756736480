using System.Globalization;
using System.Net;

namespace Intranet.Blog.Tests.Support;

/// Questions through the app's own forms: asked from the composer, answers accepted and marked helpful.
public static class Asking
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<long> AskAsync(HttpClient client, string body, long? departmentId = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = "micro", ["body"] = body, ["question"] = "true" };
        if (departmentId is { } d)
        {
            fields["departmentId"] = Id(d);
        }

        var response = await TestData.PostFormAsync(client, "/", "/posts", fields, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var card = (await TestData.ParseAsync(response)).QuerySelector("article[data-post-id]")!;
        return long.Parse(card.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture);
    }

    /// commentId null takes the acceptance back.
    public static Task<HttpResponseMessage> AcceptAsync(HttpClient client, long postId, long? commentId) =>
        TestData.PostFormAsync(client, "/", $"/posts/{Id(postId)}/accept", new() { ["commentId"] = commentId is { } c ? Id(c) : "" });

    public static Task<HttpResponseMessage> HelpfulAsync(HttpClient client, long commentId, bool helpful = true) =>
        TestData.PostFormAsync(client, "/", $"/comments/{Id(commentId)}/helpful", new() { ["helpful"] = helpful ? "true" : "false" });
}
