using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Mail;

[Route("mail")]
public sealed class MailController(MailSettings settings) : Controller
{
    [HttpGet("settings")]
    public async Task<IActionResult> Settings(bool saved, CancellationToken ct) => View(await settings.ViewAsync(User.Id(), saved, ct));

    [HttpPost("settings")]
    public async Task<IActionResult> Settings(MailSettingsInput input, CancellationToken ct) =>
        await settings.SaveAsync(User.Id(), input, ct) ? Redirect("/mail/settings?saved=true") : BadRequest();

    /// The link in a mail: a page with a button, since mail scanners and link previews open links on their own.
    [AllowAnonymous, HttpGet("unsubscribe")]
    public async Task<IActionResult> Unsubscribe(string? token, CancellationToken ct)
    {
        var view = await settings.LinkAsync(token, ct);
        return View(view).WithStatus(view.Kind is null ? 404 : 200);
    }

    /// The button, and RFC 8058's one-click POST from a mail client (List-Unsubscribe=One-Click, token in the query).
    /// The token is the whole authority, for one kind of one person's mail: no antiforgery token can come from a
    /// mail client, and a forged request could do nothing a stolen link could not.
    [AllowAnonymous, IgnoreAntiforgeryToken, HttpPost("unsubscribe")]
    public async Task<IActionResult> UnsubscribePost([FromQuery(Name = "token")] string? queryToken, [FromForm(Name = "token")] string? formToken, CancellationToken ct)
    {
        var view = await settings.UnsubscribeAsync(formToken ?? queryToken, ct);
        return View("Unsubscribe", view).WithStatus(view.Kind is null ? 404 : 200);
    }
}
