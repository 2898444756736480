using Intranet.Blog.Infrastructure.Nodes;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Intranet.Blog.Features.Account;

public static class AccountSetup
{
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddSingleton<AccountStore>();
        services.AddSingleton<SignInMethods>();
        services.AddScoped<SignInService>();
        services.AddScoped<FirstAdminService>();
        services.AddScoped<PasswordService>();
        services.AddSingleton(sp => new AddressThrottle("sign-in", sp.GetRequiredService<TimeProvider>(), sp.GetService<SharedLimits>()));
        services.AddSingleton<PasswordResetRequests>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetRequests>());
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure(cookie => cookie.Events.OnValidatePrincipal = SessionCheck.ValidateAsync);
        return services;
    }
}
