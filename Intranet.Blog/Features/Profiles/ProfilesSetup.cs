namespace Intranet.Blog.Features.Profiles;

public static class ProfilesSetup
{
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.AddSingleton<ProfileStore>();
        services.AddScoped<ProfileQuery>();
        services.AddScoped<ProfileService>();
        return services;
    }
}
