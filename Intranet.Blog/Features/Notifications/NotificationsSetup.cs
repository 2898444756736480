namespace Intranet.Blog.Features.Notifications;

public static class NotificationsSetup
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<BellQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<BellQueue>());
        services.AddScoped<NotificationQuery>();
        services.AddScoped<NotificationSettingsForm>();
        return services;
    }
}
