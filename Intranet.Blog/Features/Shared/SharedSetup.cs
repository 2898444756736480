namespace Intranet.Blog.Features.Shared;

public static class SharedSetup
{
    public static IServiceCollection AddShared(this IServiceCollection services)
    {
        services.AddSingleton<EventStore>();
        services.AddSingleton<AuditStore>();
        return services;
    }
}
