using Intranet.Blog.Features.Account;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Intranet.Blog.Features.CompanySignIn;

public static class CompanySignInSetup
{
    public const string Scheme = "company";

    public static IServiceCollection AddCompanySignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CompanySignInService>();
        services.AddScoped<CompanySignInEvents>();

        // Without the settings there is no handler at all, so /signin-oidc is an ordinary unknown address.
        if (configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is not { Enabled: true })
        {
            return services;
        }

        services.AddAuthentication().AddOpenIdConnect(Scheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<OidcOptions>, IOptionsMonitor<CookieAuthenticationOptions>>((o, settings, cookies) =>
        {
            var oidc = settings.Value;
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
            o.RequireHttpsMetadata = !oidc.AuthorityIsLoopback();
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // A provider that does not answer is given up after 15 s (the framework waits 60), as the directory is.
            o.BackchannelTimeout = TimeSpan.FromSeconds(15);
            // The provider sends the browser back with a plain GET, so the correlation and nonce cookies can stay
            // SameSite=Lax (form_post would need SameSite=None, which browsers refuse without HTTPS).
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.Scope.Clear();
            foreach (var scope in oidc.ScopeList())
            {
                o.Scope.Add(scope);
            }

            // Claims keep their names from the token (sub, email, email_verified), which is what IdClaim names.
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = "name";
            // The app's own cookie is the session; the provider's tokens are not kept and the user info endpoint is not asked.
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            // Signing out is the app's own; no provider-initiated sign-out through a GET anyone could link to.
            o.RemoteSignOutPath = PathString.Empty;
            o.DisableTelemetry = true;
            var secure = cookies.Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie.SecurePolicy;
            o.CorrelationCookie.SecurePolicy = secure;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = secure;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.EventsType = typeof(CompanySignInEvents);
        });
        return services;
    }
}
