namespace Intranet.Blog.Features.Feed;

public static class FeedSetup
{
    public static IServiceCollection AddFeed(this IServiceCollection services)
    {
        services.AddSingleton<FeedVisitStore>();
        services.AddScoped<FeedQuery>();
        services.AddSingleton<FeedCache>();
        return services;
    }
}
