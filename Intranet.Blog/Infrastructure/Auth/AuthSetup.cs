using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Intranet.Blog.Infrastructure.Auth;

public static class AuthSetup
{
    /// Outside development and tests the cookies are Secure-only and the auth cookie has the __Host- prefix, which
    /// pins it to this host and path: the app then expects HTTPS (behind a TLS proxy, with forwarded headers on).
    /// Intranet:SecureCookies overrides that, e.g. for the benchmark on plain loopback HTTP.
    public static bool PlainHttpCookies(IWebHostEnvironment environment, IConfiguration configuration) =>
        configuration.GetValue<bool?>("Intranet:SecureCookies") is { } secure ? !secure : environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public static IServiceCollection AddBlogAuth(this IServiceCollection services, IWebHostEnvironment environment, IConfiguration configuration)
    {
        var relaxed = PlainHttpCookies(environment, configuration);
        // Keys next to the database, so a restart (or a new container on the same volume) keeps everyone signed in; on
        // PostgreSQL in the database, which every node shares.
        services.AddDataProtection().SetApplicationName("Intranet.Blog");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<IntranetOptions>, IServiceProvider>((keys, options, provider) =>
            keys.XmlRepository = options.Value.OnPostgres
                ? ActivatorUtilities.CreateInstance<PostgresKeyRepository>(provider)
                : ActivatorUtilities.CreateInstance<DurableKeyRepository>(provider, new DirectoryInfo(Path.Combine(options.Value.DataPath, "keys"))));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.LoginPath = "/account/signin";
            cookie.LogoutPath = "/account/signout";
            cookie.Cookie.Name = relaxed ? "intranet.auth" : "__Host-intranet.auth";
            cookie.Cookie.SecurePolicy = relaxed ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            // fetch() calls get a status code, not a redirect to the sign-in page.
            cookie.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
            // A refusal is a 403 (rendered as the error page), not a redirect that would look like success to a script.
            cookie.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, RememberedTickets.Setup>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var wantsJson = context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
            || context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/live");
        if (wantsJson)
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
