namespace Intranet.Blog.Features.Moderation;

public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddSingleton<ModerationStore>();
        services.AddScoped<ModerationService>();
        return services;
    }
}
