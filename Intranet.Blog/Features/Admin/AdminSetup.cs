using Microsoft.Extensions.Options;

namespace Intranet.Blog.Features.Admin;

public static class AdminSetup
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<PeopleAdminStore>();
        services.AddSingleton<Enrolment>();
        services.AddScoped<AdminService>();
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsCheck>();
        services.AddSingleton<LocalPasswordPolicy>();
        services.AddScoped<ImportService>();
        services.AddScoped<DepartmentAdmin>();
        services.AddScoped<PasswordLinkService>();
        services.AddScoped<AuditLog>();
        return services;
    }
}
