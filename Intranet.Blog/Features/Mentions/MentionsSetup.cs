namespace Intranet.Blog.Features.Mentions;

public static class MentionsSetup
{
    public static IServiceCollection AddMentions(this IServiceCollection services)
    {
        services.AddSingleton<MentionStore>();
        services.AddSingleton<HandleStore>();
        services.AddScoped<TextLinker>();
        return services;
    }
}
