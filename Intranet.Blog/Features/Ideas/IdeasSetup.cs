namespace Intranet.Blog.Features.Ideas;

public static class IdeasSetup
{
    public static IServiceCollection AddIdeas(this IServiceCollection services)
    {
        services.AddSingleton<IdeaStore>();
        services.AddScoped<IdeaService>();
        return services;
    }
}
