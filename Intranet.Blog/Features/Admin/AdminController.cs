using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Admin;

[Authorize(Policy = Roles.Admin)]
[Route("admin")]
public sealed class AdminController(AdminService admin, ImportService import, PasswordLinkService passwordLinks, AuditLog audit) : Controller
{
    // Room for the largest file or pasted text (2 MB, up to three UTF-8 bytes a character) plus the form around it;
    // the service refuses anything over 2 MB with a message.
    private const int MaxImportRequest = 8 * 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index() => Redirect("/admin/people");

    [HttpGet("people")]
    public async Task<IActionResult> People(long? department, string? q, string? afterName, long afterId, CancellationToken ct) =>
        View(await admin.PeopleAsync(department, q, afterName, afterId, ct));

    [HttpGet("people/new")]
    public async Task<IActionResult> New(CancellationToken ct) => View("Person", await admin.EditorAsync(null, ct));

    [HttpPost("people")]
    public async Task<IActionResult> Create(PersonInput input, CancellationToken ct) =>
        await PersonResultAsync(null, input, await admin.CreatePersonAsync(User.Id(), input, ct), ct);

    [HttpGet("people/{id:long}")]
    public async Task<IActionResult> Person(long id, bool saved, CancellationToken ct) =>
        await admin.EditorAsync(id, ct) is { } editor ? View("Person", editor with { Saved = saved }) : NotFound();

    [HttpPost("people/{id:long}")]
    public async Task<IActionResult> Update(long id, PersonInput input, CancellationToken ct) =>
        await PersonResultAsync(id, input, await admin.UpdatePersonAsync(User.Id(), id, input, ct), ct);

    [HttpPost("people/{id:long}/deactivate")]
    public async Task<IActionResult> Deactivate(long id, CancellationToken ct) =>
        await PersonResultAsync(id, null, await admin.SetActiveAsync(User.Id(), id, active: false, ct), ct);

    [HttpPost("people/{id:long}/reactivate")]
    public async Task<IActionResult> Reactivate(long id, CancellationToken ct) =>
        await PersonResultAsync(id, null, await admin.SetActiveAsync(User.Id(), id, active: true, ct), ct);

    /// The answer to the POST shows the link (it is stored only as a hash); with mail on, it also goes to the person.
    [HttpPost("people/{id:long}/password-link")]
    public async Task<IActionResult> PasswordLink(long id, CancellationToken ct) =>
        await passwordLinks.ForPersonAsync(User.Id(), id, ct) is { } links ? View("PasswordLinks", links) : NotFound();

    [HttpPost("people/invitations")]
    public async Task<IActionResult> Invitations(CancellationToken ct) =>
        View("PasswordLinks", await passwordLinks.ForEveryoneWithoutPasswordAsync(User.Id(), ct));

    [HttpGet("import")]
    public IActionResult Import(int? created, int? updated, int? departmentsCreated) =>
        View(new ImportView([], created is { } c ? new ImportSummary(c, updated ?? 0, departmentsCreated ?? 0) : null, null));

    [HttpPost("import")]
    [RequestSizeLimit(MaxImportRequest)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxImportRequest, ValueLengthLimit = MaxImportRequest)]
    public async Task<IActionResult> Import(ImportInput input, CancellationToken ct)
    {
        var outcome = await import.ImportAsync(User.Id(), input, ct);
        return outcome.Summary is { } s
            ? Redirect($"/admin/import?created={s.Created}&updated={s.Updated}&departmentsCreated={s.DepartmentsCreated}")
            : View(new ImportView(outcome.Problems, null, input.Text)).WithStatus(400);
    }

    [HttpGet("audit")]
    public async Task<IActionResult> Audit(AuditFilter filter, CancellationToken ct) => View(await audit.PageAsync(filter, ct));

    private async Task<IActionResult> PersonResultAsync(long? id, PersonInput? input, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.Ok:
                return Redirect($"/admin/people/{result.Id}?saved=true");
            case WriteStatus.NotFound:
                return NotFound();
        }

        result.Errors!.CopyTo(ModelState);
        var editor = input is null ? await admin.EditorAsync(id, ct) : await admin.EditorAsync(id, input, ct);
        return View("Person", editor).WithStatus(400);
    }
}
