using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;

namespace Intranet.Blog.Tests.Support;

/// Idea rounds through the app's own forms, as a browser without script sends them.
public static class IdeaForms
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// A datetime-local value for this moment, as someone in the default zone (Europe/Berlin) types it.
    public static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Berlin).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static Task<HttpResponseMessage> SendOpenAsync(HttpClient client, string question, string about, string closesAt, params long[] departments) =>
        PostAsync(client, "/ideas/new", [new("question", question), new("about", about), new("closesAt", closesAt), .. departments.Select(d => new KeyValuePair<string, string>("departments", Id(d)))]);

    /// Opens a round and returns its post's id.
    public static async Task<long> OpenAsync(HttpClient client, string question, DateTimeOffset closesAt, params long[] departments)
    {
        var response = await SendOpenAsync(client, question, "Worum es geht: **alles**.", Local(closesAt), departments);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return AnchoredId(response, "/posts/", "#ideas");
    }

    public static Task<HttpResponseMessage> SendIdeaAsync(HttpClient client, long roundId, string title, string body = "") =>
        PostAsync(client, $"/posts/{Id(roundId)}/ideas", [new("title", title), new("body", body)]);

    /// Brings in an idea and returns its id (the redirect names its anchor).
    public static async Task<long> IdeaAsync(HttpClient client, long roundId, string title, string body = "")
    {
        var response = await SendIdeaAsync(client, roundId, title, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split("#idea-")[1], CultureInfo.InvariantCulture);
    }

    public static Task<HttpResponseMessage> SupportAsync(HttpClient client, long ideaId, bool on = true, string? token = null) =>
        PostAsync(client, $"/ideas/{Id(ideaId)}/support", [new("support", on ? "true" : "false")], token);

    public static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, long ideaId) =>
        PostAsync(client, $"/ideas/{Id(ideaId)}/withdraw", []);

    public static Task<HttpResponseMessage> CloseAsync(HttpClient client, long roundId, string title, string text, params long[] chosen) =>
        PostAsync(client, $"/posts/{Id(roundId)}/outcome", [new("title", title), new("text", text), .. chosen.Select(c => new KeyValuePair<string, string>("chosen", Id(c)))]);

    /// The round's ideas as its page lists them: title and the support shown, in rank order.
    public static async Task<IReadOnlyList<(string Title, string Supports)>> RankingAsync(HttpClient client, long roundId)
    {
        var page = await TestData.GetPageAsync(client, $"/posts/{Id(roundId)}");
        return page.QuerySelectorAll("[data-idea-list] li.idea")
            .Select(li => (li.QuerySelector(".idea-title")!.TextContent, li.QuerySelector("[data-idea-supports]")!.TextContent)).ToList();
    }

    /// The support form of one idea on the round's page, if the viewer is offered one.
    public static IHtmlFormElement? SupportForm(IHtmlDocument page, long ideaId) =>
        page.QuerySelector($"form[action='/ideas/{Id(ideaId)}/support']") as IHtmlFormElement;

    public static long AnchoredId(HttpResponseMessage response, string prefix, string suffix)
    {
        var location = response.Headers.Location!.OriginalString;
        Assert.That(location, Does.StartWith(prefix).And.EndWith(suffix));
        return long.Parse(location[prefix.Length..^suffix.Length], CultureInfo.InvariantCulture);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, List<KeyValuePair<string, string>> fields, string? token = null)
    {
        fields.Add(new("__RequestVerificationToken", token ?? await TestData.TokenAsync(client, "/")));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}
