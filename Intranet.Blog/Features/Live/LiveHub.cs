using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;

namespace Intranet.Blog.Features.Live;

/// Pushes only. Clients join and leave post groups here, checked against the store; nothing is written through
/// the hub, so all content passes the controllers' antiforgery and validation. Identity comes from the cookie,
/// never from arguments.
[Authorize]
public sealed class LiveHub(
    Database db, PostStore posts, DepartmentStore departments, CurationRights curation, Presence presence, LiveSessions sessions, ReadOnlyNotice readOnly,
    TimeProvider clock, SharedPresence? shared = null)
    : Hub<ILiveClient>
{
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    public override async Task OnConnectedAsync()
    {
        // The language the page was rendered in, decided for this request by the same providers (RequestLocalization).
        var culture = Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? WebSetup.Cultures[0].Name;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Feed(culture));
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.User(Context.User!.Id()));
        sessions.Add(Context.User!.Id(), culture, Context);
        // A page loaded before read-only mode began (or ended) and reconnecting now shows the banner as it is.
        await Clients.Caller.Storage(readOnly.Now(culture));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context.ConnectionId);
        foreach (var (postId, count) in presence.LeaveAll(Context.ConnectionId))
        {
            await SendPresenceAsync(postId, count);
        }

        await base.OnDisconnectedAsync(exception);
    }

    /// Returns how many people have the post open, or throws when there is no such post.
    public async Task<int> WatchPost(long postId)
    {
        await using (var connection = await db.OpenAsync(Context.ConnectionAborted))
        {
            if (await posts.GetAsync(connection, postId, withSource: false, Context.ConnectionAborted) is not { DeletedAt: null })
            {
                throw new HubException("No such post.");
            }
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Post(postId));
        return await SendPresenceAsync(postId, presence.Join(Context.ConnectionId, Context.User!.Id(), postId));
    }

    /// Only the post's author and admins may follow its acknowledgement progress; anyone else is refused.
    public async Task WatchProgress(long postId)
    {
        await using (var connection = await db.OpenAsync(Context.ConnectionAborted))
        {
            var post = await posts.GetAsync(connection, postId, withSource: false, Context.ConnectionAborted);
            if (post is not { DeletedAt: null } || (post.AuthorId != Context.User!.Id() && !Context.User!.IsAdmin()))
            {
                throw new HubException("Not allowed.");
            }
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Progress(postId));
    }

    /// Only those who may open the dashboard (executives, admins, curators of a department) hear when it changed.
    public async Task WatchAnalytics()
    {
        var viewer = Context.User!.AsViewer();
        if (!viewer.IsAdmin && !viewer.IsExecutive && (await curation.CuratedAsync(viewer, Context.ConnectionAborted)).Count == 0)
        {
            throw new HubException("Not allowed.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Analytics);
    }

    public async Task UnwatchPost(long postId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Post(postId));
        if (presence.Leave(Context.ConnectionId, postId) is { } count)
        {
            await SendPresenceAsync(postId, count);
        }
    }

    /// A department's page is open: its pins, people and description changes arrive here. Everyone may read every
    /// department's page, so the only check is that the department exists.
    public async Task WatchDepartment(long departmentId)
    {
        if (!await departments.ExistsAsync(departmentId, Context.ConnectionAborted))
        {
            throw new HubException("No such department.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Department(departmentId));
    }

    public Task UnwatchDepartment(long departmentId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, LiveGroups.Department(departmentId));

    /// Throttled per connection; only to a post the connection is watching, and never to the writer themself.
    public async Task Typing(long postId)
    {
        if (!presence.IsWatching(Context.ConnectionId, postId) || !presence.TryTyping(Context.ConnectionId, clock.GetUtcNow(), TypingInterval))
        {
            return;
        }

        await Clients.OthersInGroup(LiveGroups.Post(postId)).Typing(new TypingUpdate(postId));
    }

    /// Sends how many people have the post open (here, or with several nodes on all of them) to its readers. While
    /// Redis cannot be reached, a node counts its own.
    private async Task<int> SendPresenceAsync(long postId, int here)
    {
        var count = here;
        if (shared is not null)
        {
            try
            {
                count = await shared.CountAsync(postId);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                count = here;
            }
        }

        await Clients.Group(LiveGroups.Post(postId)).Presence(new PresenceUpdate(postId, count));
        return count;
    }
}
