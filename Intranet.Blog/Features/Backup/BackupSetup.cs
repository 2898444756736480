namespace Intranet.Blog.Features.Backup;

public static class BackupSetup
{
    public static IServiceCollection AddBackup(this IServiceCollection services)
    {
        services.AddSingleton<BackupService>();
        services.AddSingleton<MoveToPostgres>();
        services.AddSingleton<PostgresBackup>();
        services.AddSingleton<BackupRunStore>();
        services.AddOptions<BackupOptions>().BindConfiguration("Intranet:Backup");
        services.AddSingleton<NightlyBackup>();
        services.AddHostedService(sp => sp.GetRequiredService<NightlyBackup>());
        services.AddSingleton<IntegrityCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<IntegrityCheck>());
        return services;
    }
}
