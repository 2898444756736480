namespace Intranet.Blog.Features.CompanyDirectory;

public static class CompanyDirectorySetup
{
    public static IServiceCollection AddCompanyDirectory(this IServiceCollection services)
    {
        return services;
    }
}
