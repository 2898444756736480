using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

[Route("posts")]
public sealed class PostsController(PostService posts, PostHistoryQuery history, DepartmentStore departments, AnnouncementService announcements, GuideEditor guides,
    IStringLocalizer<SharedResource> t) : Controller
{
    /// An article, or with kind=guide a guide for the given department; fromComment starts the guide from a comment.
    [NeedsGuidelines, HttpGet("new")]
    public async Task<IActionResult> New(string? kind, long? department, long? fromComment, CancellationToken ct)
    {
        if (kind != PostKinds.Guide)
        {
            return View("Edit", new PostEditorView(null, new PostInput { Kind = PostKinds.Article, DepartmentId = department }, await departments.ListAsync(ct), null, MayAnnounce) { Draft = NewDraft });
        }

        return await guides.NewAsync(User.AsViewer(), department, fromComment, ct) switch
        {
            { Status: WriteStatus.Ok, Editor: { } editor } => View("Edit", editor),
            { Status: WriteStatus.Forbidden } => StatusCode(StatusCodes.Status403Forbidden),
            _ => NotFound(),
        };
    }

    [NeedsGuidelines, HttpPost("")]
    public async Task<IActionResult> Create(PostInput input, CancellationToken ct)
    {
        if (input.Preview is not null)
        {
            return await PreviewAsync(null, input, ct);
        }

        var result = await posts.CreateAsync(User.AsViewer(), input, MayAnnounce, ct);
        if (result.Status != WriteStatus.Ok)
        {
            return await InvalidAsync(null, input, result, ct);
        }

        return Request.WantsJson()
            ? PartialView("_PostCard", await posts.NewCardAsync(User.AsViewer(), result.Id, ct)).WithStatus(201)
            : Redirect(input.Kind == PostKinds.Micro ? "/" : $"/posts/{result.Id}");
    }

    /// "Continue as an article": a micropost grown past its limit opens the article editor with its text and place.
    /// A POST because the text can be long and does not belong in an address; nothing is saved.
    [NeedsGuidelines, HttpPost("as-article")]
    public async Task<IActionResult> AsArticle(PostInput input, CancellationToken ct) =>
        View("Edit", await EditorAsync(null, new PostInput { Kind = PostKinds.Article, Body = input.Body, DepartmentId = input.DepartmentId, Question = input.Question }, null, ct));

    /// Every version of the post and the word by word changes between two of them; whoever may see the post may see this.
    [HttpGet("{id:long}/history")]
    public async Task<IActionResult> History(long id, int? from, int? to, CancellationToken ct) =>
        await history.GetAsync(User.AsViewer(), id, from, to, ct) is { } view ? View(view) : NotFound();

    [NeedsGuidelines, HttpGet("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, CancellationToken ct)
    {
        var post = await posts.GetAsync(id, withSource: true, ct);
        if (post is null || post.DeletedAt is not null)
        {
            return NotFound();
        }

        if (!await posts.MayEditAsync(User.AsViewer(), post, ct))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var input = new PostInput { Kind = post.Kind, Title = post.Title, Body = post.BodyMd, DepartmentId = post.DepartmentId, ReviewBy = guides.ReviewDateFor(post) };
        return View(new PostEditorView(id, input, await departments.ListAsync(ct), null, MustRead: await announcements.IsMustReadAsync(id, ct)));
    }

    [NeedsGuidelines, HttpPost("{id:long}/edit")]
    public async Task<IActionResult> Edit(long id, PostInput input, CancellationToken ct)
    {
        if (input.Preview is not null)
        {
            return await PreviewAsync(id, input, ct);
        }

        var result = await posts.EditAsync(User.AsViewer(), id, input, ct);
        return result.Status == WriteStatus.Ok ? Redirect($"/posts/{id}") : await InvalidAsync(id, input, result, ct);
    }

    /// Where the delete button leads without script: the question, and the button that deletes. Changes nothing.
    [HttpGet("{id:long}/delete")]
    public async Task<IActionResult> ConfirmDelete(long id, CancellationToken ct) => await posts.GetAsync(id, withSource: false, ct) switch
    {
        null or { DeletedAt: not null } => NotFound(),
        var p when !User.AsViewer().CanChange(p.AuthorId) => StatusCode(StatusCodes.Status403Forbidden),
        var p => View("~/Features/Shared/ConfirmDelete.cshtml", new ConfirmDeleteView(
            t["Delete this post?"], p.Title ?? p.Excerpt, $"/posts/{id}/delete", $"/posts/{id}")),
    };

    [HttpPost("{id:long}/delete")]
    public async Task<IActionResult> Delete(long id, CancellationToken ct) =>
        (await posts.DeleteAsync(User.AsViewer(), id, ct)).Status switch
        {
            WriteStatus.Ok => Redirect("/"),
            WriteStatus.Forbidden => StatusCode(StatusCodes.Status403Forbidden),
            _ => NotFound(),
        };

    private async Task<IActionResult> PreviewAsync(long? id, PostInput input, CancellationToken ct)
    {
        var (errors, html) = posts.Preview(input);
        errors.CopyTo(ModelState);
        return View("Edit", await EditorAsync(id, input, html, ct)).WithStatus(errors.Any ? 400 : 200);
    }

    private async Task<IActionResult> InvalidAsync(long? id, PostInput input, WriteResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case WriteStatus.NotFound:
                return NotFound();
            case WriteStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
        }

        result.Errors!.CopyTo(ModelState);
        if (Request.WantsJson())
        {
            return ValidationProblem(ModelState);
        }

        return View("Edit", await EditorAsync(id, input, null, ct)).WithStatus(400);
    }

    /// Executives and admins may address an article to the company or to departments.
    private bool MayAnnounce => User.IsInRole(Roles.Executive) || User.IsAdmin();

    private async Task<PostEditorView> EditorAsync(long? id, PostInput input, string? previewHtml, CancellationToken ct) =>
        new(id, input, await departments.ListAsync(ct), previewHtml, id is null && MayAnnounce, id is { } pid && await announcements.IsMustReadAsync(pid, ct),
            await guides.SourceOfAsync(input, ct)) { Draft = id is null && input.Kind == PostKinds.Article ? NewDraft : null };

    /// A new article can be kept as a draft (Drafts saves it) until it is published.
    private static DraftFields NewDraft => new(null, IsAuthor: true, null, null, null, null);
}
