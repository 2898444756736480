namespace Intranet.Blog.Features.Follows;

public static class FollowsSetup
{
    public static IServiceCollection AddFollows(this IServiceCollection services)
    {
        services.AddSingleton<FollowStore>();
        services.AddScoped<FollowService>();
        return services;
    }
}
