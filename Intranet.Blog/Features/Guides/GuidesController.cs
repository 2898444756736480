using Intranet.Blog.Features.PostPage;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Guides;

[Route("guides")]
public sealed class GuidesController(GuideLibraryQuery libraries, GuideService guides, PostPageQuery pages) : Controller
{
    /// "Anleitungen": every department's library, or one department's whole library, optionally of one topic.
    [HttpGet("")]
    public async Task<IActionResult> Index(string? topic, long? department, CancellationToken ct) => department is { } id
        ? await libraries.WholeLibraryAsync(User.AsViewer(), id, topic, ct) is { } whole ? View(whole) : NotFound()
        : View(await libraries.CompanyAsync(User.AsViewer(), topic, ct));

    [HttpPost("{id:long}/reviewed")]
    public async Task<IActionResult> Reviewed(long id, CancellationToken ct) => await OutcomeAsync(id, await guides.ConfirmAsync(User.AsViewer(), id, ct), ct);

    [HttpPost("{id:long}/owner")]
    public async Task<IActionResult> Owner(long id, string? person, CancellationToken ct) =>
        await OutcomeAsync(id, await guides.HandOverAsync(User.AsViewer(), id, person, ct), ct);

    [HttpPost("{id:long}/take-over")]
    public async Task<IActionResult> TakeOver(long id, CancellationToken ct) => await OutcomeAsync(id, await guides.TakeOverAsync(User.AsViewer(), id, ct), ct);

    /// Back to the guide; a refused hand-over shows the guide again with the reason.
    private async Task<IActionResult> OutcomeAsync(long id, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                return Redirect($"/posts/{id}");
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case WriteStatus.NotFound:
                return NotFound();
        }

        result.Errors!.CopyTo(ModelState);
        return await pages.GetAsync(User.AsViewer(), id, null, null, ct) is { } page ? View("~/Features/PostPage/Show.cshtml", page).WithStatus(400) : NotFound();
    }
}
