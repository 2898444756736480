namespace Intranet.Blog.Features.Topics;

public static class TopicsSetup
{
    public static IServiceCollection AddTopics(this IServiceCollection services)
    {
        services.AddSingleton<TopicStore>();
        return services;
    }
}
