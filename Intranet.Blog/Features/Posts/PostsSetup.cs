using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Posts;

public static class PostsSetup
{
    public static IServiceCollection AddPosts(this IServiceCollection services)
    {
        services.AddSingleton<PostStore>();
        services.AddSingleton<ReadStore>();
        services.AddSingleton<PostVersionStore>();
        services.AddScoped<PostHistoryQuery>();
        services.AddSingleton<ReadCounter>();
        services.AddScoped<PostService>();
        services.AddSingleton<IStoredMarkdown, PostBodies>();
        return services;
    }
}
