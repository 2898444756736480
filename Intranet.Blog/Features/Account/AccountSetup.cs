namespace Intranet.Blog.Features.Account;

public static class AccountSetup
{
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddScoped<SignInService>();
        services.AddSingleton<AddressThrottle>();
        return services;
    }
}
