using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Drafts;

/// "My drafts" and the article editor's draft actions. The editor is Posts' own (Edit.cshtml); here it saves to a draft,
/// by hand or from drafts.js while typing (the same routes, answered in JSON), schedules or publishes it.
[Route("drafts")]
public sealed class DraftsController(DraftService drafts, PostService posts, DepartmentStore departments) : Controller
{
    private const string EditorView = "~/Features/Posts/Edit.cshtml";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await drafts.ListAsync(User.AsViewer(), ct));

    [HttpGet("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct) =>
        await drafts.EditorAsync(User.AsViewer(), id, ct) is var (input, fields) ? View(EditorView, await EditorAsync(input, fields, null, ct)) : NotFound();

    [HttpPost("")]
    public Task<IActionResult> Create(PostInput input, DraftInput draft, CancellationToken ct) => SaveAsync(null, input, draft, DraftStep.Save, ct);

    [NeedsGuidelines, HttpPost("schedule")]
    public Task<IActionResult> CreateScheduled(PostInput input, DraftInput draft, CancellationToken ct) => SaveAsync(null, input, draft, DraftStep.Schedule, ct);

    [HttpPost("{id:long}")]
    public Task<IActionResult> Save(long id, PostInput input, DraftInput draft, CancellationToken ct) => SaveAsync(id, input, draft, DraftStep.Save, ct);

    [NeedsGuidelines, HttpPost("{id:long}/schedule")]
    public Task<IActionResult> Schedule(long id, PostInput input, DraftInput draft, CancellationToken ct) => SaveAsync(id, input, draft, DraftStep.Schedule, ct);

    [NeedsGuidelines, HttpPost("{id:long}/publish")]
    public Task<IActionResult> Publish(long id, PostInput input, DraftInput draft, CancellationToken ct) => SaveAsync(id, input, draft, DraftStep.Publish, ct);

    [HttpPost("{id:long}/unschedule")]
    public async Task<IActionResult> Unschedule(long id, CancellationToken ct) => Done(await drafts.UnscheduleAsync(User.AsViewer(), id, ct), $"/drafts/{id}/edit");

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken ct) => Done(await drafts.DeleteAsync(User.AsViewer(), id, ct), "/drafts");

    private IActionResult Done(WriteResult result, string next) => result.Status switch
    {
        WriteStatus.Ok => Redirect(next),
        WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => NotFound(),
    };

    private async Task<IActionResult> SaveAsync(long? id, PostInput input, DraftInput draft, DraftStep step, CancellationToken ct)
    {
        if (input.Preview is not null)
        {
            var (errors, html) = posts.Preview(input);
            errors.CopyTo(ModelState);
            return View(EditorView, await EditorAsync(input, await drafts.FieldsAsync(User.AsViewer(), id, draft, ct), html, ct)).WithStatus(errors.Any ? 400 : 200);
        }

        var result = await drafts.SaveAsync(User.AsViewer(), id, input, draft, step, MayAnnounce, ct);
        return result.Status switch
        {
            WriteStatus.Ok when Request.WantsJson() => StatusCode(id is null ? 201 : 200, DraftService.Saved(result.Id, drafts.Now)),
            WriteStatus.Ok => Redirect(step switch { DraftStep.Publish => $"/posts/{result.Id}", DraftStep.Schedule => "/drafts", _ => $"/drafts/{result.Id}/edit" }),
            WriteStatus.Invalid => await InvalidAsync(result, input, draft, ct),
            WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
            _ => NotFound(),
        };
    }

    private async Task<IActionResult> InvalidAsync(WriteResult result, PostInput input, DraftInput draft, CancellationToken ct)
    {
        result.Errors!.CopyTo(ModelState);
        if (Request.WantsJson())
        {
            return ValidationProblem(ModelState);
        }

        var fields = await drafts.FieldsAsync(User.AsViewer(), result.Id == 0 ? null : result.Id, draft, ct);
        return View(EditorView, await EditorAsync(input, fields, null, ct)).WithStatus(400);
    }

    /// Executives and admins may address an article to the company or to departments.
    private bool MayAnnounce => User.IsInRole(Roles.Executive) || User.IsAdmin();

    private async Task<PostEditorView> EditorAsync(PostInput input, DraftFields fields, string? previewHtml, CancellationToken ct) =>
        new(null, input with { Kind = PostKinds.Article }, await departments.ListAsync(ct), previewHtml, MayAnnounce && fields.IsAuthor) { Draft = fields };
}
