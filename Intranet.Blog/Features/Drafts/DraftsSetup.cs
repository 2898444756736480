namespace Intranet.Blog.Features.Drafts;

public static class DraftsSetup
{
    public static IServiceCollection AddDrafts(this IServiceCollection services)
    {
        services.AddSingleton<DraftStore>();
        services.AddScoped<DraftService>();
        services.AddSingleton<ScheduledPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledPublisher>());
        return services;
    }
}
