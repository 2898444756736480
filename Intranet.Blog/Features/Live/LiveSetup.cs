using Intranet.Blog.Infrastructure.Nodes;

namespace Intranet.Blog.Features.Live;

public static class LiveSetup
{
    public const string HubsPath = "/hubs";

    public static IServiceCollection AddLive(this IServiceCollection services)
    {
        services.AddSignalR(hub =>
        {
            // Clients only send join/leave/typing: small messages; anything larger is refused and the connection closed.
            hub.MaximumReceiveMessageSize = 32 * 1024;
            hub.EnableDetailedErrors = false;
        });
        services.AddSingleton<Presence>();
        // Several nodes (Infrastructure.Nodes, registered before the features): readers are counted across them.
        if (services.Any(d => d.ServiceType == typeof(SharedRedis)))
        {
            services.AddSingleton<SharedPresence>();
            services.AddHostedService(sp => sp.GetRequiredService<SharedPresence>());
        }

        services.AddSingleton<LiveSessions>();
        services.AddSingleton<ProgressPusher>();
        services.AddSingleton<AnalyticsPusher>();
        services.AddScoped<EnvelopeBuilder>();
        services.AddHostedService<LiveOutbox>();
        services.AddHostedService<BellPusher>();
        services.AddHostedService<LiveShutdown>();
        services.AddSingleton<ReadOnlyNotice>();
        services.AddHostedService(sp => sp.GetRequiredService<ReadOnlyNotice>());
        return services;
    }

    /// Before authentication, so a cross-site attempt is refused whether or not the cookie is still valid.
    public static WebApplication UseLiveOriginCheck(this WebApplication app)
    {
        app.UseMiddleware<HubOriginCheck>();
        return app;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.MapHub<LiveHub>(HubsPath + "/live");
        return app;
    }
}
