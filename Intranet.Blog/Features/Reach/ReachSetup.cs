namespace Intranet.Blog.Features.Reach;

public static class ReachSetup
{
    public static IServiceCollection AddReach(this IServiceCollection services) => services.AddScoped<ReachQuery>();
}
