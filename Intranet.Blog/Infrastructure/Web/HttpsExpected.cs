using Intranet.Blog.Infrastructure.Auth;

namespace Intranet.Blog.Infrastructure.Web;

/// Outside Development the cookies are Secure-only (Intranet:SecureCookies). Over plain HTTP a browser drops them and
/// the antiforgery system refuses to issue a token at all (an exception: the sign-in page answered 500). So while the
/// app expects HTTPS, a plain-HTTP request gets the sign-in page's explanation instead: what the server expects and
/// how to allow plain HTTP for a trial. The health probes still answer (a proxy probes over HTTP), static files come
/// before this, and behind a TLS proxy with forwarded headers on, requests are HTTPS and never see it.
public sealed class HttpsExpected(RequestDelegate next)
{
    public const string ExplanationPath = "/account/https-expected";
    public const string SignInPath = "/account/signin";

    public static bool Applies(IWebHostEnvironment environment, IConfiguration configuration) =>
        !AuthSetup.PlainHttpCookies(environment, configuration);

    /// The start-up warning when the app expects HTTPS but listens on plain HTTP with nothing saying a TLS proxy is in
    /// front (forwarded headers off); null otherwise.
    public static string? StartWarning(IWebHostEnvironment environment, IConfiguration configuration, IEnumerable<string> addresses)
    {
        var plain = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (!Applies(environment, configuration) || plain is null || configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
        {
            return null;
        }

        return $"WARNING: nobody can sign in over {plain}. Outside Development the sign-in cookies are HTTPS-only (Intranet:SecureCookies=true). "
            + "Put a TLS proxy in front and set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, or, only for a trial, start with --Intranet:SecureCookies=false.";
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/healthz") || request.Path.StartsWithSegments("/readyz"))
        {
            return next(context);
        }

        // Every page leads to the sign-in page anyway; the explanation lives there, in the language chosen by ?culture=.
        if (HttpMethods.IsGet(request.Method) && !request.Path.Equals(SignInPath, StringComparison.OrdinalIgnoreCase))
        {
            var culture = request.Query["culture"].FirstOrDefault() is { Length: 2 } c ? "?culture=" + Uri.EscapeDataString(c) : "";
            context.Response.Redirect(SignInPath + culture);
            return Task.CompletedTask;
        }

        request.Path = ExplanationPath;
        return next(context);
    }
}
