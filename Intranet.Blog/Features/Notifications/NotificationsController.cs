using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Notifications;

[Route("notifications")]
public sealed class NotificationsController(
    NotificationQuery query, NotificationStore store, BellQueue bells, NotificationSettingsForm settings, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(long? at, long? before, CancellationToken ct) =>
        View(await query.PageAsync(User.Id(), at, before, ct));

    /// For the bell after a reconnect: pushes sent while offline are not replayed.
    [HttpGet("unread")]
    public async Task<IActionResult> Unread(CancellationToken ct) =>
        Json(new { count = await store.UnreadCountAsync(User.Id(), ct) });

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Open(long id, CancellationToken ct)
    {
        if (await store.MarkReadAsync(User.Id(), id, clock.GetUtcNow(), ct) is not { } target)
        {
            return NotFound();
        }

        bells.Enqueue([User.Id()]);
        return Redirect(target switch
        {
            { DraftId: { } draft } => $"/drafts/{draft}/edit",
            { CommentId: { } comment } => $"/posts/{target.PostId}#comment-{comment}",
            _ => $"/posts/{target.PostId}",
        });
    }

    [HttpPost("{id:long}/read")]
    public async Task<IActionResult> MarkRead(long id, CancellationToken ct)
    {
        if (await store.MarkReadAsync(User.Id(), id, clock.GetUtcNow(), ct) is null)
        {
            return NotFound();
        }

        bells.Enqueue([User.Id()]);
        return Redirect("/notifications");
    }

    [HttpPost("read-all")]
    public async Task<IActionResult> MarkAllRead(CancellationToken ct)
    {
        await store.MarkAllReadAsync(User.Id(), clock.GetUtcNow(), ct);
        bells.Enqueue([User.Id()]);
        return Redirect("/notifications");
    }

    [HttpGet("settings")]
    public async Task<IActionResult> Settings(bool saved, CancellationToken ct) => View(await settings.EditorAsync(User.Id(), saved, ct));

    [HttpPost("settings")]
    public async Task<IActionResult> Settings(NotificationSettingsInput input, CancellationToken ct)
    {
        var errors = await settings.SaveAsync(User.Id(), input, ct);
        if (!errors.Any)
        {
            return Redirect("/notifications/settings?saved=true");
        }

        errors.CopyTo(ModelState);
        return View(new NotificationSettingsView(input, NotificationSettingsForm.TimeZones, false)).WithStatus(400);
    }
}
