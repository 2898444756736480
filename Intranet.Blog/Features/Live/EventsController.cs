using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Live;

public sealed record CatchUp(IReadOnlyList<LiveEvent> Events, bool More, long LastId);

[Route("live")]
public sealed class EventsController(EventStore events, EnvelopeBuilder envelopes) : Controller
{
    public const int PageSize = 200;

    /// A reconnecting client asks for everything after the last event it applied, a page at a time.
    [HttpGet("events")]
    public async Task<CatchUp> After([FromQuery] long after, CancellationToken ct)
    {
        // Read first: an event committed after it has a higher id, so an empty page never moves the client past it.
        var newest = await events.LastIdAsync(ct);
        var rows = await events.AfterAsync(Math.Max(0, after), User.Id(), PageSize + 1, ct);
        var page = rows.Take(PageSize).ToList();
        return new CatchUp(await envelopes.BuildAsync(page, cultures: null, ct), rows.Count > PageSize, page.Count > 0 ? page[^1].Id : newest);
    }
}
