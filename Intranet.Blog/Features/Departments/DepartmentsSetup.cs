namespace Intranet.Blog.Features.Departments;

public static class DepartmentsSetup
{
    public static IServiceCollection AddDepartments(this IServiceCollection services)
    {
        services.AddScoped<DepartmentService>();
        services.AddScoped<DepartmentPageQuery>();
        return services;
    }
}
