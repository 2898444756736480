namespace Intranet.Blog.Features.Live;

/// Refuses hub requests that a page of another origin started. The cookie travels with a WebSocket upgrade
/// whatever page opens it and CORS does not apply to WebSockets, so without this check any site a signed-in
/// person visits could read their live stream (cross-site WebSocket hijacking). Browsers always send Origin on
/// an upgrade; a request without one comes from a program that holds the cookie itself.
/// A node that is stopping takes no new live connection: the pages it just told to reconnect (LiveShutdown) would
/// otherwise come straight back, through a proxy that still sends them here, and hold the stop up until its timeout.
/// Refused, they try again a moment later and reach another node.
public sealed class HubOriginCheck(RequestDelegate next, IHostApplicationLifetime lifetime)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments(LiveSetup.HubsPath))
        {
            return next(context);
        }

        if (request.Headers.Origin.Count > 0 && !IsSameOrigin(request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool IsSameOrigin(HttpRequest request) =>
        request.Headers.Origin is [{ } origin]
        && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));
}
