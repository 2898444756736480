using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Admin;

[Authorize(Policy = Roles.Admin)]
[Route("admin/departments")]
public sealed class DepartmentsAdminController(DepartmentAdmin admin, DepartmentStore departments) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View("~/Features/Admin/Departments.cshtml", new DepartmentsAdminView(await departments.ListAsync(ct), null, null));

    [HttpPost("")]
    public async Task<IActionResult> Create(string? name, string? parentId, CancellationToken ct)
    {
        var result = await admin.CreateAsync(User.Id(), name, parentId, ct);
        if (result.Status == WriteStatus.Ok)
        {
            return Redirect("/admin/departments");
        }

        result.Errors!.CopyTo(ModelState);
        return View("~/Features/Admin/Departments.cshtml", new DepartmentsAdminView(await departments.ListAsync(ct), name, parentId)).WithStatus(400);
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Edit(long id, bool saved, CancellationToken ct) =>
        await admin.EditorAsync(id, saved, ct) is { } view ? View("~/Features/Admin/Department.cshtml", view) : NotFound();

    [HttpPost("{id:long}")]
    public async Task<IActionResult> Rename(long id, string? name, CancellationToken ct) =>
        await ResultAsync(id, await admin.RenameAsync(User.Id(), id, name, ct), ct);

    [HttpPost("{id:long}/parent")]
    public async Task<IActionResult> Parent(long id, string? parentId, CancellationToken ct) =>
        await ResultAsync(id, await admin.SetParentAsync(User.Id(), id, parentId, ct), ct);

    [HttpPost("{id:long}/head")]
    public async Task<IActionResult> Head(long id, string? head, CancellationToken ct) =>
        await ResultAsync(id, await admin.SetHeadAsync(User.Id(), id, head, ct), ct);

    private async Task<IActionResult> ResultAsync(long id, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                return Redirect($"/admin/departments/{id}?saved=true");
            case WriteStatus.NotFound:
                return NotFound();
        }

        result.Errors!.CopyTo(ModelState);
        return await admin.EditorAsync(id, false, ct) is { } view ? View("~/Features/Admin/Department.cshtml", view).WithStatus(400) : NotFound();
    }
}
