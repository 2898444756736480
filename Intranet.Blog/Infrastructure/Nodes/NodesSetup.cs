namespace Intranet.Blog.Infrastructure.Nodes;

public static class NodesSetup
{
    /// With Intranet:Redis set, SignalR sends through Redis (its backplane), so a push from any node reaches the
    /// screens connected to every node. The backplane keeps a connection of its own: SignalR disposes it with itself.
    public static IServiceCollection AddNodes(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration["Intranet:Redis"] is not { Length: > 0 } redis || string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }

        services.AddSingleton<SharedRedis>();
        services.AddSingleton<SharedLimits>();
        services.AddSignalR().AddStackExchangeRedis(o => o.Configuration = SharedRedis.Settings(redis));
        return services;
    }
}
