using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Web;

/// The framework's antiforgery with one change: a signed-in person's request token is made once per antiforgery
/// cookie and reused on their next pages, instead of being encrypted afresh on every page (two data-protection
/// operations, about a tenth of the cheapest signed-in page). A request token is not single-use: it is valid with its
/// cookie for as long as the browser holds both, and a page with one is never cached or compressed (the BREACH rule in
/// bench/README.md), so handing out the same one again adds nothing an attacker could use. Checking a posted token is
/// the framework's own, unchanged.
public sealed class ReusedRequestTokens(IAntiforgery inner, IOptions<AntiforgeryOptions> options, TimeProvider clock) : IAntiforgery
{
    // Kept a while, not for good: after a data-protection key rotation new pages get tokens under the new key.
    private readonly ShortMemory<(string Cookie, long Person), AntiforgeryTokenSet> _made = new(TimeSpan.FromMinutes(10), 10_000, clock);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var cookie = httpContext.Request.Cookies[options.Value.Cookie.Name!];
        if (cookie is null || httpContext.User.IdOrNull() is not { } person)
        {
            return inner.GetAndStoreTokens(httpContext);
        }

        if (_made.TryGet((cookie, person), out var made))
        {
            // What the framework does with every page that carries a token: never cached by a browser or proxy.
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                httpContext.Response.Headers.Pragma = "no-cache";
            }

            return made;
        }

        var tokens = inner.GetAndStoreTokens(httpContext);
        // A set with a cookie token is a new cookie (the old one was missing or invalid): not this cookie's token.
        if (tokens.CookieToken is null)
        {
            _made.Remember((cookie, person), tokens);
        }

        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    /// Wraps the framework's registration (its class is internal), keeping its lifetime.
    public static void Register(IServiceCollection services)
    {
        var framework = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        services.Remove(framework);
        services.AddSingleton<IAntiforgery>(sp => new ReusedRequestTokens(
            (IAntiforgery)ActivatorUtilities.CreateInstance(sp, framework.ImplementationType!),
            sp.GetRequiredService<IOptions<AntiforgeryOptions>>(), sp.GetRequiredService<TimeProvider>()));
    }
}
