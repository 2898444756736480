using System.Net;
using System.Text.RegularExpressions;

namespace Bench.Runner;

/// A signed-in person: the cookie header and an antiforgery token, as a browser would hold them.
public sealed partial record Session(string Cookie, string Token)
{
    public static async Task<Session> SignInAsync(Uri address, string email, string password = "demo")
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        var form = await http.GetStringAsync("/account/signin");
        var token = FormToken().Match(form).Groups[1].Value;
        using var response = await http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        var page = await http.GetStringAsync("/");
        var pageToken = MetaToken().Match(page).Groups[1].Value;
        return new Session(cookies.GetCookieHeader(address), pageToken);
    }

    public HttpRequestMessage Request(HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", Cookie);
        if (form is not null)
        {
            form["__RequestVerificationToken"] = Token;
            request.Content = new FormUrlEncodedContent(form);
        }

        return request;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
