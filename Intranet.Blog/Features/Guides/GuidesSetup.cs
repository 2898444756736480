namespace Intranet.Blog.Features.Guides;

public static class GuidesSetup
{
    public static IServiceCollection AddGuides(this IServiceCollection services)
    {
        services.AddScoped<GuideLibraryQuery>();
        services.AddScoped<GuideService>();
        services.AddHostedService<GuideReminders>();
        return services;
    }
}
