using Intranet.Blog.Infrastructure.Markdown;

namespace Intranet.Blog.Features.Posts;

public static class PostsSetup
{
    public static IServiceCollection AddPosts(this IServiceCollection services)
    {
        services.AddSingleton<PostStore>();
        services.AddSingleton<ReachStore>();
        services.AddSingleton<PostVersionStore>();
        services.AddScoped<PostHistoryQuery>();
        services.AddSingleton<ReachRecorder>();
        services.AddSingleton<PostRights>();
        services.AddScoped<PostService>();
        services.AddSingleton<IStoredMarkdown, PostBodies>();
        services.AddScoped<GuideEditor>();
        services.AddSingleton<PinStore>();
        services.AddSingleton<PinsQuery>();
        services.AddScoped<PinService>();
        services.AddHostedService<PinExpiry>();
        services.AddSingleton<ReadRetention>();
        services.AddHostedService(s => s.GetRequiredService<ReadRetention>());
        return services;
    }
}
