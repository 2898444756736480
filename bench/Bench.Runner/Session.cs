using System.Net;
using System.Text.RegularExpressions;

namespace Bench.Runner;

/// A signed-in person: the cookie header and an antiforgery token, as a browser would hold them.
public sealed partial record Session(string Cookie, string Token)
{
    public static async Task<Session> SignInAsync(Uri address, string email, string password = "demo")
    {
        // Cookies are kept by hand: outside development they are Secure-only, which a CookieContainer would not send over http.
        var cookies = new Dictionary<string, string>();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = address };
        async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }

        using var form = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/account/signin"));
        var token = FormToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token }),
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}");
        }

        using var page = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/"));
        var pageToken = MetaToken().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        return new Session(string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")), pageToken);
    }

    /// Nobody signed in, for the baselines.
    public static Session Anonymous { get; } = new("", "");

    public HttpRequestMessage Request(HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (Cookie.Length > 0)
        {
            request.Headers.Add("Cookie", Cookie);
        }

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
