using System.Net;

namespace Intranet.Blog.Tests.Support;

/// Anonymous questions through their forms.
public static class AskForms
{
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string body) =>
        TestData.PostFormAsync(client, "/ask", "/ask", new() { ["body"] = body });

    /// Asks and returns the private token the redirect names.
    public static async Task<string> AskAsync(HttpClient client, string body)
    {
        var response = await SendAsync(client, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        Assert.That(location, Does.StartWith("/ask/"));
        return location["/ask/".Length..];
    }

    public static Task<long> IdAsync(BlogAppFactory app, string body) =>
        TestData.ScalarAsync<long>(app, "SELECT id FROM anonymous_questions WHERE body = @body", new { body });

    public static Task<HttpResponseMessage> ReleaseAsync(HttpClient admin, long id) =>
        TestData.PostFormAsync(admin, "/", $"/admin/questions/{id}/release", []);

    public static Task<HttpResponseMessage> DeclineAsync(HttpClient admin, long id, string reason) =>
        TestData.PostFormAsync(admin, "/", $"/admin/questions/{id}/decline", new() { ["reason"] = reason });
}
