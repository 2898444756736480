using System.Text.Json;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Live;

/// Reads the hub's pushes as the app's own wire records.
public static class LivePushes
{
    public static LiveEvent Event(this HubInvocation push) => push.Argument.Deserialize<LiveEvent>(JsonSerializerOptions.Web)!;

    public static PresenceUpdate Presence(this HubInvocation push) => push.Argument.Deserialize<PresenceUpdate>(JsonSerializerOptions.Web)!;

    /// Every event pushed up to and including the one with the given id; pushes arrive in commit order, so
    /// anything not in the list before that id was never sent to this connection.
    public static async Task<IReadOnlyList<LiveEvent>> EventsUntilAsync(this HubProtocolClient client, long id) =>
        (await client.ReceiveUntilAsync(p => p.Target == "Event" && p.Event().Id >= id))
            .Where(p => p.Target == "Event").Select(p => p.Event()).ToList();
}
