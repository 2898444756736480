using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Intranet.Blog.Features.AnonymousQuestions;

/// Asking leadership without a name (everyone), the asker's private page, and the moderators' queue (admins).
public sealed class AnonymousQuestionsController(AnonymousQuestionService questions) : Controller
{
    [HttpGet("/ask")]
    public IActionResult Ask() => View(new AskInput(null));

    [NeedsGuidelines, HttpPost("/ask")]
    public async Task<IActionResult> Ask(AskInput input, CancellationToken ct)
    {
        var (outcome, token, errors) = await questions.AskAsync(User.Id(), input, ct);
        if (outcome != QuestionOutcome.Ok)
        {
            errors.CopyTo(ModelState);
            return View(input).WithStatus(outcome == QuestionOutcome.TooMany ? 429 : 400);
        }

        return Redirect($"/ask/{token}");
    }

    /// The asker's private page: anyone with the link sees it, and only the link leads to it.
    [HttpGet("/ask/{token}")]
    public async Task<IActionResult> Status(string token, CancellationToken ct) =>
        await questions.ByTokenAsync(token, ct) is { } question ? View(new QuestionStatusView(question, $"/ask/{token}")) : NotFound();

    [Authorize(Policy = Roles.Admin)]
    [HttpGet("/admin/questions")]
    public async Task<IActionResult> Queue(CancellationToken ct) => View(await questions.QueueAsync(ct));

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/admin/questions/{id:long}/release")]
    public async Task<IActionResult> Release(long id, CancellationToken ct) => (await questions.ReleaseAsync(User.AsViewer(), id, ct)) switch
    {
        (QuestionOutcome.Ok, var postId) => Redirect($"/posts/{postId}"),
        (QuestionOutcome.Forbidden, _) => StatusCode(StatusCodes.Status403Forbidden),
        (QuestionOutcome.NotFound, _) => NotFound(),
        _ => Redirect("/admin/questions"),
    };

    [Authorize(Policy = Roles.Admin)]
    [HttpPost("/admin/questions/{id:long}/decline")]
    public async Task<IActionResult> Decline(long id, DeclineInput input, CancellationToken ct)
    {
        var (outcome, errors) = await questions.DeclineAsync(User.AsViewer(), id, input, ct);
        switch (outcome)
        {
            case QuestionOutcome.Invalid:
                errors.CopyTo(ModelState);
                return View("Queue", await questions.QueueAsync(ct) with { RefusedId = id, RefusedReason = input.Reason }).WithStatus(400);
            case QuestionOutcome.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            default:
                return Redirect("/admin/questions");
        }
    }
}
