namespace Intranet.Blog.Features.CompanySignIn;

public static class CompanySignInSetup
{
    public static IServiceCollection AddCompanySignIn(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
