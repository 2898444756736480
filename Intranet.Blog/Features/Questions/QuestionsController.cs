using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.Questions;

public sealed class QuestionsController(QuestionService questions) : Controller
{
    /// "Offene Fragen" of the whole company, oldest first.
    [HttpGet("/questions")]
    public async Task<IActionResult> Open(CancellationToken ct) => View(await questions.OpenAsync(User.AsViewer(), null, ct));

    [HttpGet("/departments/{id:long}/questions")]
    public async Task<IActionResult> OpenInDepartment(long id, CancellationToken ct) =>
        await questions.OpenAsync(User.AsViewer(), id, ct) is { } view ? View("Open", view) : NotFound();

    /// Accepts the answer commentId; without one, takes the acceptance back.
    [HttpPost("/posts/{postId:long}/accept")]
    public async Task<IActionResult> Accept(long postId, long? commentId, CancellationToken ct) =>
        Done(await questions.AcceptAsync(User.AsViewer(), postId, commentId, ct), commentId);

    [HttpPost("/comments/{id:long}/helpful")]
    public async Task<IActionResult> Helpful(long id, bool helpful, CancellationToken ct) =>
        Done(await questions.SetHelpfulAsync(User.AsViewer(), id, helpful, ct), id);

    [HttpGet("/departments/{id:long}/response-target")]
    public async Task<IActionResult> Target(long id, CancellationToken ct) => await questions.TargetEditorAsync(User.AsViewer(), id, ct) switch
    {
        null => NotFound(),
        var view when !view.MayEdit => StatusCode(StatusCodes.Status403Forbidden),
        var view => View(view),
    };

    [HttpPost("/departments/{id:long}/response-target")]
    public async Task<IActionResult> Target(long id, ResponseTargetInput input, CancellationToken ct)
    {
        var result = await questions.SaveTargetAsync(User.AsViewer(), id, input, ct);
        if (result.Status != WriteStatus.Invalid)
        {
            return result.Status == WriteStatus.Ok ? Redirect($"/departments/{id}#answering") : Done(result, null);
        }

        result.Errors!.CopyTo(ModelState);
        var editor = await questions.TargetEditorAsync(User.AsViewer(), id, ct);
        return View(editor! with { Input = input }).WithStatus(400);
    }

    private IActionResult Done(WriteResult result, long? commentId) => result.Status switch
    {
        WriteStatus.Ok => Redirect(commentId is { } c ? $"/posts/{result.Id}#comment-{c}" : $"/posts/{result.Id}#comments"),
        WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
        _ => NotFound(),
    };
}
