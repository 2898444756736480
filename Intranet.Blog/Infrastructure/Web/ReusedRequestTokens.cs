using System.Collections.Concurrent;
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
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Cookie, long Person), (AntiforgeryTokenSet Tokens, DateTimeOffset Made)> _made = new();

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var cookie = httpContext.Request.Cookies[options.Value.Cookie.Name!];
        if (cookie is null || httpContext.User.IdOrNull() is not { } person)
        {
            return inner.GetAndStoreTokens(httpContext);
        }

        var now = clock.GetUtcNow();
        if (_made.TryGetValue((cookie, person), out var made) && now - made.Made < Lifetime)
        {
            // What the framework does with every page that carries a token: never cached by a browser or proxy.
            if (!httpContext.Response.HasStarted)
            {
                httpContext.Response.Headers.CacheControl = "no-cache, no-store";
                httpContext.Response.Headers.Pragma = "no-cache";
            }

            return made.Tokens;
        }

        var tokens = inner.GetAndStoreTokens(httpContext);
        // A set with a cookie token is a new cookie (the old one was missing or invalid): not this cookie's token.
        if (tokens.CookieToken is null)
        {
            if (_made.Count >= Capacity)
            {
                // Expired entries go first; only a capacity of live ones (one person minting cookies) empties it.
                foreach (var old in _made.Where(e => now - e.Value.Made >= Lifetime).Select(e => e.Key).ToList())
                {
                    _made.TryRemove(old, out _);
                }

                if (_made.Count >= Capacity)
                {
                    _made.Clear();
                }
            }

            _made[(cookie, person)] = (tokens, now);
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
