using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Posts;

public sealed record PinInput
{
    public long PostId { get; init; }
    public string? EndsOn { get; init; }
    public string? ReturnUrl { get; init; }
}

/// Pin actions for a department's page (/departments/{id}/pins) and the company feed (/feed/pins). Forms come back to
/// the page they were sent from; the page's script asks for JSON and follows the change live.
public sealed class PinsController(PinService pins) : Controller
{
    /// The post page's form: place is "company" or a department's id.
    [HttpPost("/pins")]
    public async Task<IActionResult> PinTo(string? place, PinInput input, CancellationToken ct)
    {
        long? department = place == "company" ? null
            : long.TryParse(place, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : -1;
        return department == -1 ? NotFound() : Outcome(await pins.PinAsync(User.AsViewer(), department, input.PostId, input.EndsOn, ct), input.ReturnUrl);
    }

    [HttpPost("/departments/{id:long}/pins")]
    public async Task<IActionResult> Pin(long id, PinInput input, CancellationToken ct) =>
        Outcome(await pins.PinAsync(User.AsViewer(), id, input.PostId, null, ct), input.ReturnUrl);

    [HttpPost("/departments/{id:long}/pins/{postId:long}/remove")]
    public async Task<IActionResult> Unpin(long id, long postId, string? returnUrl, CancellationToken ct) =>
        Outcome(await pins.UnpinAsync(User.AsViewer(), id, postId, ct), returnUrl);

    [HttpPost("/departments/{id:long}/pins/{postId:long}/move")]
    public async Task<IActionResult> Move(long id, long postId, string? direction, string? returnUrl, CancellationToken ct) =>
        Outcome(await pins.MoveAsync(User.AsViewer(), id, postId, direction != "down", ct), returnUrl);

    [HttpPost("/departments/{id:long}/pins/order")]
    public async Task<IActionResult> Order(long id, long[]? postIds, CancellationToken ct) =>
        Outcome(await pins.ReorderAsync(User.AsViewer(), id, postIds ?? [], ct), null);

    [HttpPost("/feed/pins")]
    public async Task<IActionResult> PinToFeed(PinInput input, CancellationToken ct) =>
        Outcome(await pins.PinAsync(User.AsViewer(), null, input.PostId, input.EndsOn, ct), input.ReturnUrl);

    [HttpPost("/feed/pins/{postId:long}/remove")]
    public async Task<IActionResult> UnpinFromFeed(long postId, string? returnUrl, CancellationToken ct) =>
        Outcome(await pins.UnpinAsync(User.AsViewer(), null, postId, ct), returnUrl);

    [HttpPost("/feed/pins/{postId:long}/move")]
    public async Task<IActionResult> MoveInFeed(long postId, string? direction, string? returnUrl, CancellationToken ct) =>
        Outcome(await pins.MoveAsync(User.AsViewer(), null, postId, direction != "down", ct), returnUrl);

    [HttpPost("/feed/pins/order")]
    public async Task<IActionResult> OrderInFeed(long[]? postIds, CancellationToken ct) =>
        Outcome(await pins.ReorderAsync(User.AsViewer(), null, postIds ?? [], ct), null);

    /// 204 or the refusal's problem for the script; for a form, back to its page, or a short page with the reason and
    /// the way back (the form may sit on any page).
    private IActionResult Outcome(WriteResult result, string? returnUrl)
    {
        switch (result.Status)
        {
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Invalid:
                result.Errors!.CopyTo(ModelState);
                return Request.WantsJson()
                    ? ValidationProblem(ModelState)
                    : View("~/Features/Posts/PinRefused.cshtml", Url.IsLocalUrl(returnUrl) ? returnUrl! : "/").WithStatus(400);
        }

        return Request.WantsJson() ? NoContent() : LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
