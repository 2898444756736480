namespace Intranet.Blog.Features.Live;

public static class LiveSetup
{
    public static IServiceCollection AddBlogLive(this IServiceCollection services)
    {
        services.AddSignalR(hub =>
        {
            // Clients only send join/leave/typing: small messages; anything larger is refused and the connection closed.
            hub.MaximumReceiveMessageSize = 32 * 1024;
            hub.EnableDetailedErrors = false;
        });
        services.AddSingleton<Presence>();
        services.AddScoped<EnvelopeBuilder>();
        services.AddScoped<LiveBroadcaster>();
        return services;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.MapHub<LiveHub>("/hubs/live");
        return app;
    }
}
