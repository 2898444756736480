namespace Intranet.Blog.Features.PostPage;

public static class PostPageSetup
{
    public static IServiceCollection AddPostPage(this IServiceCollection services)
    {
        services.AddScoped<PostPageQuery>();
        services.AddSingleton<PostPageCache>();
        return services;
    }
}
