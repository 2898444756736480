using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Guidelines;

public static class GuidelinesSetup
{
    public static IServiceCollection AddGuidelines(this IServiceCollection services)
    {
        services.AddSingleton<GuidelineStore>();
        services.AddScoped<GuidelineService>();
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<GuidelineGate>());
        return services;
    }
}
