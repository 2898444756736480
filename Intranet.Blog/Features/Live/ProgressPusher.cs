using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Tells the screens that show a must-read's progress (its author's, admins') that it changed. After commit; a lost push
/// costs nothing, the page shows the numbers as they are when it loads.
public sealed class ProgressPusher(IHubContext<LiveHub, ILiveClient> hub, ILogger<ProgressPusher> logger)
{
    public async Task PushAsync(long postId)
    {
        try
        {
            await hub.Clients.Group(LiveGroups.Progress(postId)).Progress(new ProgressUpdate(postId));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Progress push for post {PostId} failed; the page shows it on reload", postId);
        }
    }
}

/// Tells open analytics dashboards that the rollup counted something new. A lost push costs nothing.
public sealed class AnalyticsPusher(IHubContext<LiveHub, ILiveClient> hub, ILogger<AnalyticsPusher> logger)
{
    public async Task PushAsync()
    {
        try
        {
            await hub.Clients.Group(LiveGroups.Analytics).Analytics();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Analytics push failed; the dashboard shows the figures on reload");
        }
    }
}
