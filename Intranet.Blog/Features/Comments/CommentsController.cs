using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Comments;

public sealed record CommentEditorView(long Id, long PostId, CommentInput Input, WriteStatus Refusal = WriteStatus.Ok);

public sealed class CommentsController(CommentService comments, IStringLocalizer<SharedResource> t) : Controller
{
    [NeedsGuidelines, HttpPost("/posts/{postId:long}/comments")]
    public async Task<IActionResult> Create(long postId, CommentInput input, CancellationToken ct)
    {
        var result = await comments.CreateAsync(User.Id(), postId, input, ct);
        if (result.Status != WriteStatus.Ok)
        {
            return Refused(result, new CommentEditorView(0, postId, input));
        }

        return Request.WantsJson()
            ? PartialView("_Comment", await comments.NewCommentAsync(User.AsViewer(), result.Id, ct)).WithStatus(201)
            : Redirect($"/posts/{postId}#comment-{result.Id}");
    }

    [NeedsGuidelines, HttpGet("/comments/{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct) => await comments.GetAsync(id, ct) switch
    {
        null or { DeletedAt: not null } => NotFound(),
        var c when c.AuthorId != User.Id() => StatusCode(StatusCodes.Status403Forbidden),
        var c => View(new CommentEditorView(id, c.PostId, new CommentInput { Body = c.BodyMd })),
    };

    [NeedsGuidelines, HttpPost("/comments/{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, long postId, CommentInput input, CancellationToken ct)
    {
        var result = await comments.EditAsync(User.AsViewer(), id, input, ct);
        // The post comes from the stored comment, not from the form.
        return result.Status == WriteStatus.Ok ? Redirect($"/posts/{result.Id}#comment-{id}") : Refused(result, new CommentEditorView(id, postId, input));
    }

    /// Where the delete button leads without script: the question, and the button that deletes. Changes nothing.
    [HttpGet("/comments/{id:long}/delete")]
    public async Task<IActionResult> ConfirmDelete(long id, CancellationToken ct) => await comments.GetAsync(id, ct) switch
    {
        null or { DeletedAt: not null } => NotFound(),
        var c when !User.AsViewer().CanChange(c.AuthorId) => StatusCode(StatusCodes.Status403Forbidden),
        var c => View("~/Features/Shared/ConfirmDelete.cshtml", new ConfirmDeleteView(
            t["Delete this comment?"], c.BodyMd, $"/comments/{id}/delete", $"/posts/{c.PostId}#comment-{id}")),
    };

    [HttpPost("/comments/{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken ct)
    {
        var result = await comments.DeleteAsync(User.AsViewer(), id, ct);
        return result.Status == WriteStatus.Ok ? Redirect($"/posts/{result.Id}#comments") : Refused(result, null);
    }

    /// A refusal keeps what the person typed: the form again with the reason, or, when the post or comment is gone
    /// (deleted while they wrote), the reason and their text to copy.
    private IActionResult Refused(WriteResult result, CommentEditorView? editor)
    {
        if (editor is not null && result.Status is WriteStatus.NotFound or WriteStatus.Forbidden)
        {
            return View("Refused", editor with { Refusal = result.Status }).WithStatus(result.Status == WriteStatus.NotFound ? 404 : 403);
        }

        if (result.Status != WriteStatus.Invalid || editor is null)
        {
            return result.Status == WriteStatus.Forbidden ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
        }

        result.Errors!.CopyTo(ModelState);
        return Request.WantsJson()
            ? ValidationProblem(ModelState)
            : View("Edit", editor).WithStatus(400);
    }
}
