using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Profiles;

[Route("people")]
public sealed class ProfilesController(ProfileQuery profiles, ProfileService editor) : Controller
{
    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id, CancellationToken ct) =>
        await profiles.ProfileAsync(User.AsViewer(), id, ct) is { } view ? View("Profile", view) : NotFound();

    [HttpGet("me/edit")]
    public async Task<IActionResult> Edit(CancellationToken ct) =>
        await editor.EditorAsync(User.Id(), ct) is { } view ? View("EditProfile", view) : NotFound();

    /// There is no id in the form: everyone edits exactly their own profile.
    [HttpPost("me/edit")]
    public async Task<IActionResult> Edit(ProfileInput input, IFormFile? photo, CancellationToken ct)
    {
        var errors = await editor.SaveAsync(User.Id(), input, photo, ct);
        if (!errors.Any)
        {
            return Redirect($"/people/{User.Id()}");
        }

        errors.CopyTo(ModelState);
        return await editor.EditorAsync(User.Id(), input, ct) is { } view ? View("EditProfile", view).WithStatus(400) : NotFound();
    }
}
