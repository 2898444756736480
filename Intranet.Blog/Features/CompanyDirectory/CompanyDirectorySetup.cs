namespace Intranet.Blog.Features.CompanyDirectory;

public static class CompanyDirectorySetup
{
    public static IServiceCollection AddCompanyDirectory(this IServiceCollection services)
    {
        services.AddOptions<LdapOptions>().BindConfiguration(LdapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LdapDirectory>();
        services.AddSingleton<DirectoryStore>();
        services.AddScoped<DirectoryPhotos>();
        services.AddScoped<DirectorySync>();
        services.AddHostedService<DirectorySchedule>();
        return services;
    }
}
