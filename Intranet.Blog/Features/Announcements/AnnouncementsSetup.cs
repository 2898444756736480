namespace Intranet.Blog.Features.Announcements;

public static class AnnouncementsSetup
{
    public static IServiceCollection AddAnnouncements(this IServiceCollection services)
    {
        services.AddSingleton<AnnouncementStore>();
        services.AddScoped<AnnouncementService>();
        services.AddHostedService<DueReminders>();
        return services;
    }
}
