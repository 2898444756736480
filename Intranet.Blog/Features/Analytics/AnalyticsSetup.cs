namespace Intranet.Blog.Features.Analytics;

public static class AnalyticsSetup
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<ActivityStore>();
        services.AddSingleton<ActivityRollup>();
        services.AddSingleton<DashboardQuery>();
        services.AddHostedService(s => s.GetRequiredService<ActivityRollup>());
        return services;
    }
}
