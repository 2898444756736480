using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// When the app is asked to stop (SIGTERM, a deploy), open pages are told before their connection closes, so they
/// show "reconnecting" instead of "offline" and come back on their own, catching up on what they missed.
/// Only this node's own pages are told: with several nodes, the others' stay connected, and these reconnect to them.
public sealed class LiveShutdown(IHostApplicationLifetime lifetime, IHubContext<LiveHub, ILiveClient> hub, LiveSessions sessions, ILogger<LiveShutdown> logger)
    : IHostedService
{
    // Long enough to hand the message to every socket, short enough not to eat the shutdown timeout.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Flush = TimeSpan.FromMilliseconds(500);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Stopping callbacks run in reverse order of registration: this one runs before SignalR closes the connections.
        lifetime.ApplicationStopping.Register(Announce);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Announce()
    {
        try
        {
            Task.WhenAll(sessions.ConnectionIds().Select(id => hub.Clients.Client(id).Restarting())).Wait(Patience);
            // The send completes once the message is queued for each socket; SignalR closes the connections right
            // after this callback without flushing, so give the transports a moment to put it on the wire.
            Thread.Sleep(Flush);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not tell live clients about the restart; they reconnect when the connection closes");
        }
    }
}
