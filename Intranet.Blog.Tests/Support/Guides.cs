using System.Globalization;
using System.Net;

namespace Intranet.Blog.Tests.Support;

/// Guides written through the editor's form, as people write them.
public static class Guides
{
    public static Dictionary<string, string> Form(long departmentId, string title, string body, string? reviewBy = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["kind"] = "guide", ["title"] = title, ["body"] = body, ["departmentId"] = departmentId.ToString(CultureInfo.InvariantCulture),
        };
        if (reviewBy is not null)
        {
            fields["reviewBy"] = reviewBy;
        }

        return fields;
    }

    public static async Task<long> WriteAsync(HttpClient client, long departmentId, string title, string body = "## Schritt eins\n\nText\n\n## Schritt zwei\n\nMehr", string? reviewBy = null)
    {
        var response = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", Form(departmentId, title, body, reviewBy));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    public static Task<HttpResponseMessage> EditAsync(HttpClient client, long id, long departmentId, string title, string body) =>
        TestData.PostFormAsync(client, $"/posts/{id}", $"/posts/{id}/edit", Form(departmentId, title, body));
}
