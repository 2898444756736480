using Intranet.Blog.Features.Follows;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Departments;

public sealed record DepartmentEntry(Department Department, FollowButtonView Follow);

public sealed record DescriptionEditorView(DepartmentDetail Department, string Text);

[Route("departments")]
public sealed class DepartmentsController(DepartmentStore departments, FollowStore follows, DepartmentPageQuery pages, DepartmentService service, CurationRights rights)
    : Controller
{
    /// Every department in tree order with its follow button, which brings a script-free submit back here.
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var followed = await follows.FollowedAsync(User.Id(), FollowKinds.Department, ct);
        return View((await departments.ListAsync(ct))
            .Select(d => new DepartmentEntry(d, new FollowButtonView(FollowKinds.Department, d.Id, followed.Contains(d.Id), "/departments"))).ToList());
    }

    [HttpGet("{id:long}")]
    public async Task<IActionResult> Show(long id, bool sub, long? before, string? topic, CancellationToken ct) =>
        await pages.GetAsync(User.AsViewer(), id, sub, before, topic, ct) is { } page ? View("Show", page) : NotFound();

    [HttpGet("{id:long}/more")]
    public async Task<IActionResult> More(long id, bool sub, long before, CancellationToken ct) =>
        await pages.MoreAsync(User.AsViewer(), id, sub, before, ct) is { } rows ? PartialView("~/Features/Feed/_FeedRows.cshtml", rows) : NotFound();

    [HttpGet("{id:long}/description")]
    public async Task<IActionResult> Description(long id, CancellationToken ct)
    {
        if (await departments.GetAsync(id, ct) is not { } department)
        {
            return NotFound();
        }

        return await rights.MayCurateAsync(User.AsViewer(), id, ct) ? View("Description", new DescriptionEditorView(department, department.DescriptionMd)) : StatusCode(StatusCodes.Status403Forbidden);
    }

    [HttpPost("{id:long}/description")]
    public async Task<IActionResult> Describe(long id, string? description, CancellationToken ct)
    {
        var result = await service.DescribeAsync(User.AsViewer(), id, description, ct);
        if (result.Status != WriteStatus.Invalid)
        {
            return Outcome(result, DepartmentUrls.Page(id));
        }

        result.Errors!.CopyTo(ModelState);
        return await departments.GetAsync(id, ct) is { } department
            ? View("Description", new DescriptionEditorView(department, description ?? "")).WithStatus(400)
            : NotFound();
    }

    [HttpPost("{id:long}/influencers")]
    public async Task<IActionResult> Appoint(long id, string? person, CancellationToken ct) =>
        await PageOutcomeAsync(id, await service.AppointAsync(User.AsViewer(), id, person, ct), ct);

    [HttpPost("{id:long}/influencers/{userId:long}/remove")]
    public async Task<IActionResult> Remove(long id, long userId, CancellationToken ct) =>
        await PageOutcomeAsync(id, await service.RemoveAsync(User.AsViewer(), id, userId, ct), ct);

    /// A refused form on the page shows the page again with the message, 400.
    private async Task<IActionResult> PageOutcomeAsync(long id, WriteResult result, CancellationToken ct)
    {
        if (result.Status != WriteStatus.Invalid)
        {
            return Outcome(result, DepartmentUrls.Page(id) + "#people");
        }

        result.Errors!.CopyTo(ModelState);
        return await pages.GetAsync(User.AsViewer(), id, false, null, null, ct) is { } page ? View("Show", page).WithStatus(400) : NotFound();
    }

    private IActionResult Outcome(WriteResult result, string redirect) => result.Status switch
    {
        WriteStatus.Ok => Redirect(redirect),
        WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => NotFound(),
    };
}
