namespace Intranet.Blog.Features.Reactions;

public static class ReactionsSetup
{
    public static IServiceCollection AddReactions(this IServiceCollection services)
    {
        services.AddSingleton<ReactionStore>();
        services.AddScoped<ReactionService>();
        return services;
    }
}
