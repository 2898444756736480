using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Reactions;

public sealed record ReactInput(string Kind, bool? State, string? ReturnUrl);

/// Bar: the target's reactions with all six kinds, the page a compact bar's "React" link opens without script.
public sealed record ReactorsView(long PostId, long? CommentId, IReadOnlyList<ReactorRow> Reactors, ReactionBar Bar);

public sealed class ReactionsController(ReactionService reactions, ReactionStore store, IStringLocalizer<SharedResource> t) : Controller
{
    [NeedsGuidelines, HttpPost("/posts/{postId:long}/reactions")]
    public Task<IActionResult> OnPost(long postId, ReactInput input, CancellationToken ct) => ReactAsync(postId, null, input, ct);

    [NeedsGuidelines, HttpPost("/posts/{postId:long}/comments/{commentId:long}/reactions")]
    public Task<IActionResult> OnComment(long postId, long commentId, ReactInput input, CancellationToken ct) => ReactAsync(postId, commentId, input, ct);

    /// Who reacted is visible to everyone (unlike who read).
    [HttpGet("/posts/{postId:long}/reactions")]
    public async Task<IActionResult> Who(long postId, long? comment, CancellationToken ct) =>
        !await reactions.IsVisibleAsync(postId, comment, ct)
            ? NotFound()
            : View(new ReactorsView(postId, comment, await store.ReactorsAsync(postId, comment, ct), await store.BarAsync(postId, comment, User.Id(), ct)));

    private async Task<IActionResult> ReactAsync(long postId, long? commentId, ReactInput input, CancellationToken ct)
    {
        var result = await reactions.ReactAsync(User.Id(), postId, commentId, input.Kind, input.State, ct);
        if (result.Status != WriteStatus.Ok)
        {
            return result.Status == WriteStatus.NotFound ? NotFound() : Problem(statusCode: 400, title: t["Unknown reaction."]);
        }

        if (Request.WantsJson())
        {
            return Json(new { counts = result.Bar!.Counts, mine = result.Bar.Mine });
        }

        // The page's one reactions form names the page (_PageForm.cshtml); the target is added here, so the reader
        // lands where they reacted.
        var back = Url.IsLocalUrl(input.ReturnUrl) ? input.ReturnUrl! : $"/posts/{postId}";
        return LocalRedirect(back.Contains('#', StringComparison.Ordinal) ? back : back + (commentId is { } cid ? $"#comment-{cid}" : $"#post-{postId}"));
    }
}
