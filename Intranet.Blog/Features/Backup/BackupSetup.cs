namespace Intranet.Blog.Features.Backup;

public static class BackupSetup
{
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddSingleton<BackupService>();
        services.AddOptions<BackupOptions>().BindConfiguration("Intranet:Backup");
        services.AddHostedService<NightlyBackup>();
        return services;
    }
}
