using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Health;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<RequestTimings>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.AddService<RequestTimings>());
        return services;
    }
}
