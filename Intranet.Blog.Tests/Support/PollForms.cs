using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;

namespace Intranet.Blog.Tests.Support;

/// Polls through the app's own forms: the composer's fields and the poll's vote form.
public static class PollForms
{
    /// A micropost with a poll, sent as the composer's form (without script); returns the post's id.
    public static async Task<long> CreateAsync(HttpClient client, IReadOnlyList<string> options, bool anonymous = false, bool multiple = false, string? closesAt = null)
    {
        var response = await SendCreateAsync(client, options, anonymous, multiple, closesAt, accept: "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var card = (await TestData.ParseAsync(response)).QuerySelector("article[data-post-id]")!;
        Assert.That(card.QuerySelector("form[data-poll]"), Is.Not.Null, "the new card shows its poll");
        return long.Parse(card.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture);
    }

    public static async Task<HttpResponseMessage> SendCreateAsync(HttpClient client, IReadOnlyList<string> options, bool anonymous = false, bool multiple = false, string? closesAt = null, string body = "Eine Frage an alle", string? accept = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("kind", "micro"), new("body", body) };
        fields.AddRange(options.Select(o => new KeyValuePair<string, string>("poll.options", o)));
        if (anonymous)
        {
            fields.Add(new("poll.anonymous", "true"));
        }

        if (multiple)
        {
            fields.Add(new("poll.multiple", "true"));
        }

        if (closesAt is not null)
        {
            fields.Add(new("poll.closesAt", closesAt));
        }

        return await PostAsync(client, "/posts", fields, await TestData.TokenAsync(client, "/"), accept);
    }

    /// The option ids of a poll in its order, from the post's page.
    public static async Task<IReadOnlyList<long>> OptionsAsync(HttpClient client, long postId)
    {
        var page = await TestData.GetPageAsync(client, $"/posts/{postId}");
        return page.QuerySelectorAll($"form[data-poll='{postId}'] input[name=options]").Select(i => long.Parse(i.GetAttribute("value")!, CultureInfo.InvariantCulture)).ToList();
    }

    /// Votes with the form; token: one fetched earlier (so the vote itself is the only request).
    public static Task<HttpResponseMessage> VoteAsync(HttpClient client, long postId, IEnumerable<long> optionIds, string token, string? accept = null) =>
        PostAsync(client, $"/posts/{postId}/poll", optionIds.Select(id => new KeyValuePair<string, string>("options", id.ToString(CultureInfo.InvariantCulture))).ToList(), token, accept);

    /// A ballot as any client could send it: option values as text.
    public static Task<HttpResponseMessage> VoteRawAsync(HttpClient client, long postId, IEnumerable<string> values, string token) =>
        PostAsync(client, $"/posts/{postId}/poll", values.Select(v => new KeyValuePair<string, string>("options", v)).ToList(), token);

    public static async Task<HttpResponseMessage> VoteAsync(HttpClient client, long postId, params long[] optionIds) =>
        await VoteAsync(client, postId, optionIds, await TestData.TokenAsync(client, "/"));

    /// The counts the poll shows on the post's page: per option, its "n Stimmen · p %" text.
    public static async Task<IReadOnlyList<string>> ShownCountsAsync(HttpClient client, long postId)
    {
        var page = await TestData.GetPageAsync(client, $"/posts/{postId}");
        return Form(page, postId).QuerySelectorAll("[data-option-count]").Select(c => c.TextContent.Trim()).ToList();
    }

    public static AngleSharp.Dom.IElement Form(IHtmlDocument page, long postId) =>
        page.QuerySelector($"form[data-poll='{postId}']") ?? throw new AssertionException($"No poll {postId} on the page");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, List<KeyValuePair<string, string>> fields, string token, string? accept = null)
    {
        fields.Add(new("__RequestVerificationToken", token));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        return await client.SendAsync(request);
    }
}
