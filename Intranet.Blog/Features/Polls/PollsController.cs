using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Polls;

public sealed class PollsController(PollService polls, IStringLocalizer<SharedResource> t) : Controller
{
    /// A plain form without script (a radio or checkbox list and a button); polls.js sends the same form for JSON.
    [NeedsGuidelines, HttpPost("/posts/{postId:long}/poll")]
    public async Task<IActionResult> Vote(long postId, VoteInput input, CancellationToken ct)
    {
        var result = await polls.VoteAsync(User.AsViewer(), postId, input.Options, ct);
        if (result.Status == VoteStatus.Ok)
        {
            return Request.WantsJson()
                ? Json(new { counts = result.Poll!.LiveCounts(), mine = result.Poll.Options.Where(o => o.Mine).Select(o => o.Id), final = result.Poll.Anonymous })
                : LocalRedirect(Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : $"/posts/{postId}#poll-{postId}");
        }

        var (status, message) = result.Status switch
        {
            VoteStatus.NotFound => (404, t["This poll is gone."]),
            VoteStatus.Closed => (409, t["This poll has closed."]),
            VoteStatus.AlreadyVoted => (409, t["You have voted in this anonymous poll already; the vote is final."]),
            _ => (400, t["Choose one of the options (or, where the poll allows it, several)."]),
        };
        return Request.WantsJson()
            ? Problem(statusCode: status, title: message)
            : View("~/Features/Shared/Refused.cshtml", new RefusedView(t["Your vote was not counted"], message, $"/posts/{postId}#poll-{postId}")).WithStatus(status);
    }

    /// Who chose what in a named poll, like "who reacted"; an anonymous poll has no such page.
    [HttpGet("/posts/{postId:long}/poll/voters")]
    public async Task<IActionResult> Voters(long postId, CancellationToken ct) =>
        await polls.VotersAsync(postId, ct) is { } view ? View(view) : NotFound();
}
