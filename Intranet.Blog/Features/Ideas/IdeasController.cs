using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Ideas;

/// Idea rounds: the list, opening one, ideas and support (plain forms; ideas.js sends support for JSON), the outcome.
public sealed class IdeasController(IdeaService ideas, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/ideas")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await ideas.ListAsync(User.AsViewer(), ct));

    [HttpGet("/ideas/new")]
    public async Task<IActionResult> New(CancellationToken ct) =>
        await ideas.FormAsync(User.AsViewer(), new RoundInput(), ct) is { } form ? View(form) : StatusCode(StatusCodes.Status403Forbidden);

    [NeedsGuidelines, HttpPost("/ideas/new")]
    public async Task<IActionResult> Open(RoundInput input, CancellationToken ct)
    {
        var result = await ideas.OpenAsync(User.AsViewer(), input, ct);
        switch (result.Status)
        {
            case WriteStatus.Ok:
                return Redirect($"/posts/{result.Id}#ideas");
            case WriteStatus.Invalid when await ideas.FormAsync(User.AsViewer(), input, ct) is { } form:
                result.Errors!.CopyTo(ModelState);
                return View("New", form).WithStatus(400);
            default:
                return StatusCode(StatusCodes.Status403Forbidden);
        }
    }

    [NeedsGuidelines, HttpPost("/posts/{postId:long}/ideas")]
    public async Task<IActionResult> Submit(long postId, IdeaInput input, CancellationToken ct)
    {
        var result = await ideas.SubmitAsync(User.AsViewer(), postId, input, ct);
        if (result.Status == IdeaStatus.Ok)
        {
            return Redirect($"/posts/{postId}#idea-{result.Id}");
        }

        if (result.Status is IdeaStatus.Invalid or IdeaStatus.TooMany)
        {
            // Refused without losing a word: the form again, with what was typed and why.
            result.Errors!.CopyTo(ModelState);
            return View("Submit", new IdeaRefusedView(postId, input)).WithStatus(400);
        }

        return Refused(result, postId);
    }

    [NeedsGuidelines, HttpPost("/ideas/{ideaId:long}/support")]
    public async Task<IActionResult> Support(long ideaId, [FromForm] string? support, CancellationToken ct)
    {
        if (support is not ("true" or "false"))
        {
            return Refused(new IdeaResult(IdeaStatus.Invalid), null);
        }

        var result = await ideas.SupportAsync(User.AsViewer(), ideaId, support == "true", ct);
        if (result.Status != IdeaStatus.Ok)
        {
            return Refused(result, result.Id == 0 ? null : result.Id);
        }

        return Request.WantsJson() ? Json(new { supported = support == "true" }) : Redirect($"/posts/{result.Id}#idea-{ideaId}");
    }

    [NeedsGuidelines, HttpPost("/ideas/{ideaId:long}/withdraw")]
    public async Task<IActionResult> Withdraw(long ideaId, CancellationToken ct)
    {
        var result = await ideas.WithdrawAsync(User.AsViewer(), ideaId, ct);
        return result.Status == IdeaStatus.Ok ? Redirect($"/posts/{result.Id}#ideas") : Refused(result, result.Id == 0 ? null : result.Id);
    }

    [HttpGet("/posts/{postId:long}/outcome")]
    public async Task<IActionResult> Outcome(long postId, CancellationToken ct) => await ideas.OutcomeFormAsync(User.AsViewer(), postId, null, ct) switch
    {
        (IdeaStatus.Ok, var view) => View(view),
        (var status, _) => Refused(new IdeaResult(status), postId),
    };

    [NeedsGuidelines, HttpPost("/posts/{postId:long}/outcome")]
    public async Task<IActionResult> Close(long postId, OutcomeInput input, CancellationToken ct)
    {
        var result = await ideas.CloseAsync(User.AsViewer(), postId, input, ct);
        if (result.Status == IdeaStatus.Ok)
        {
            return Redirect($"/posts/{result.Id}");
        }

        if (result.Status == IdeaStatus.Invalid && await ideas.OutcomeFormAsync(User.AsViewer(), postId, input, ct) is (IdeaStatus.Ok, { } view))
        {
            result.Errors!.CopyTo(ModelState);
            return View("Outcome", view).WithStatus(400);
        }

        return Refused(result, postId);
    }

    /// Why not, as JSON for ideas.js or as a page with the way back to the round.
    private IActionResult Refused(IdeaResult result, long? roundId)
    {
        var (status, message) = result.Status switch
        {
            IdeaStatus.NotFound => (404, t["This idea round or idea is gone."]),
            IdeaStatus.Closed => (409, t["This idea round has closed, or its outcome is out already."]),
            IdeaStatus.NotAudience => (403, t["This round asks other departments: you can follow it, but not bring in or support ideas."]),
            IdeaStatus.Forbidden => (403, t["Only the idea's author can withdraw it, nobody supports their own idea, and only the round's opener publishes its outcome."]),
            _ => (400, t["Say whether you support the idea (support=true or false)."]),
        };
        var back = roundId is { } id ? $"/posts/{id}#ideas" : "/ideas";
        return Request.WantsJson()
            ? Problem(statusCode: status, title: message)
            : View("~/Features/Shared/Refused.cshtml", new RefusedView(t["Not possible"], message, back)).WithStatus(status);
    }
}
