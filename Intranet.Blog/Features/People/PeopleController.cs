using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Uploads;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.People;

[Route("people")]
public sealed class PeopleController(ProfileQuery people, ProfileService profiles) : Controller
{
    /// The script asks for the results alone (partial=1) while someone types; the page itself works without it.
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, long? department, string? afterName, long afterId, bool partial, CancellationToken ct)
    {
        var view = await people.DirectoryAsync(q, department, afterName, afterId, ct);
        return partial ? PartialView("_DirectoryResults", view) : View("Directory", view);
    }

    [HttpGet("orgchart")]
    public async Task<IActionResult> OrgChart(CancellationToken ct) => View("OrgChart", await people.OrgChartAsync(ct));

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id, CancellationToken ct) =>
        await people.ProfileAsync(User.AsViewer(), id, ct) is { } view ? View("Profile", view) : NotFound();

    [HttpGet("me/edit")]
    public async Task<IActionResult> Edit(CancellationToken ct) =>
        await profiles.EditorAsync(User.Id(), ct) is { } view ? View("EditProfile", view) : NotFound();

    /// There is no id in the form: everyone edits exactly their own profile.
    [HttpPost("me/edit")]
    public async Task<IActionResult> Edit(ProfileInput input, IFormFile? photo, CancellationToken ct)
    {
        var errors = await profiles.SaveAsync(User.Id(), input, photo, ct);
        if (!errors.Any)
        {
            return Redirect($"/people/{User.Id()}");
        }

        errors.CopyTo(ModelState);
        return await profiles.EditorAsync(User.Id(), input, ct) is { } view ? View("EditProfile", view).WithStatus(400) : NotFound();
    }
}
