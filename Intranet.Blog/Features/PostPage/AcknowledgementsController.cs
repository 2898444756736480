using System.Text;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.PostPage;

/// A must-read's acknowledgement by its readers, and its progress, evidence and reminders for its author and admins.
/// Here, above Posts, Announcements and Live, because every action starts from the post (its author, its current
/// version) and the progress page follows a live group.
[Route("posts/{id:long}")]
public sealed class AcknowledgementsController(PostService posts, PostVersionStore versions, AnnouncementService announcements, ProgressPusher progress,
    Infrastructure.Db.Database db) : Controller
{
    [HttpPost("acknowledge")]
    public async Task<IActionResult> Acknowledge(long id, CancellationToken ct)
    {
        // Hidden by moderation: the reader cannot open the text, so they cannot have read and understood it.
        if (await posts.GetAsync(id, withSource: false, ct) is not { } post || !post.IsVisibleTo(User.AsViewer()))
        {
            return NotFound();
        }

        if (!await announcements.AcknowledgeAsync(User.AsViewer(), id, post.AuthorId, await CurrentVersionAsync(id, ct), ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await progress.PushAsync(id);
        return Redirect($"/posts/{id}#acknowledged");
    }

    [HttpGet("progress")]
    public async Task<IActionResult> Progress(long id, bool reminded, bool tooSoon, CancellationToken ct)
    {
        var (post, refusal) = await FollowAsync(id, ct);
        if (post is null)
        {
            return refusal!;
        }

        return await announcements.ProgressAsync(id, post.Title ?? post.Excerpt, ct) is { } view
            ? View("~/Features/Announcements/Progress.cshtml", view with { JustReminded = reminded, TooSoon = tooSoon })
            : NotFound();
    }

    /// Evidence of instruction. The export is audited, so it is a POST: no GET writes anything.
    [HttpPost("acknowledgements.csv")]
    public async Task<IActionResult> Evidence(long id, CancellationToken ct)
    {
        var (post, refusal) = await FollowAsync(id, ct);
        if (post is null)
        {
            return refusal!;
        }

        return await announcements.EvidenceCsvAsync(User.Id(), id, ct) is { } csv
            ? File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", $"acknowledgements-{id}.csv")
            : NotFound();
    }

    [HttpPost("remind")]
    public async Task<IActionResult> Remind(long id, CancellationToken ct)
    {
        var (post, refusal) = await FollowAsync(id, ct);
        if (post is null)
        {
            return refusal!;
        }

        // Nobody but its author could open a hidden memo the reminder points to.
        if (post.HiddenAt is not null)
        {
            return NotFound();
        }

        return await announcements.RemindAsync(User.Id(), id, ct) switch
        {
            RemindOutcome.Sent => Redirect($"/posts/{id}/progress?reminded=true"),
            RemindOutcome.TooSoon => Redirect($"/posts/{id}/progress?tooSoon=true"),
            _ => NotFound(),
        };
    }

    /// The post when the viewer is its author or an admin; otherwise the refusal (404 for no post, 403 for anyone else).
    private async Task<(PostRow? Post, IActionResult? Refusal)> FollowAsync(long id, CancellationToken ct)
    {
        var post = await posts.GetAsync(id, withSource: false, ct);
        if (post is null || !post.IsVisibleTo(User.AsViewer()))
        {
            return (null, NotFound());
        }

        return post.AuthorId == User.Id() || User.IsAdmin() ? (post, null) : (null, StatusCode(StatusCodes.Status403Forbidden));
    }

    private async Task<int> CurrentVersionAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await versions.CurrentNumberAsync(connection, id);
    }
}
