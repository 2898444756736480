using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Intranet.Blog.Tests.Support;

/// Drafts as the editor's script saves them (JSON answers) and as its buttons post them.
public static class DraftForms
{
    public static Dictionary<string, string> Form(string title, string body, string? coAuthors = null, string? publishAt = null)
    {
        var fields = new Dictionary<string, string> { ["kind"] = "article", ["title"] = title, ["body"] = body };
        if (coAuthors is not null)
        {
            fields["coAuthors"] = coAuthors;
        }

        if (publishAt is not null)
        {
            fields["publishAt"] = publishAt;
        }

        return fields;
    }

    /// A new draft, saved as autosave does it; returns its id.
    public static async Task<long> NewAsync(HttpClient client, string title, string body, string? coAuthors = null)
    {
        var response = await TestData.PostFormAsync(client, "/posts/new", "/drafts", Form(title, body, coAuthors), "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }

    /// Posts the draft form to one of its actions ("" saves, "/schedule", "/publish").
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, long id, string action, Dictionary<string, string> fields, string? accept = null) =>
        TestData.PostFormAsync(client, "/drafts", $"/drafts/{Id(id)}{action}", fields, accept);

    /// The value of a datetime-local field for a moment, in Europe/Berlin (everyone's zone until they choose another).
    public static string Local(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static Task<string> HandleAsync(BlogAppFactory app, TestPerson person) =>
        TestData.ScalarAsync<string>(app, "SELECT handle FROM users WHERE id = @Id", person);
}
