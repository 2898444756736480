namespace Intranet.Blog.Features.AtomFeeds;

public static class AtomFeedsSetup
{
    public static IServiceCollection AddAtomFeeds(this IServiceCollection services)
    {
        services.AddSingleton<FeedTokens>();
        services.AddSingleton<AtomFeedQuery>();
        services.AddScoped<FeedSubscriptions>();
        return services;
    }
}
