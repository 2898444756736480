using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Comments;

public sealed record CommentInput
{
    public string? Body { get; init; }
    public long? ParentId { get; init; }
}

public sealed class CommentService(
    Database db, CommentStore comments, PostStore posts, EventStore events,
    NotificationService notifications, BellQueue bells, IStringLocalizer<SharedResource> t,
    TextLinker linker, MentionStore mentions, QuestionService questions)
{
    public async Task<WriteResult> CreateAsync(long authorId, long postId, CommentInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var (body, linked) = await RenderAsync(errors, input.Body, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        var post = await posts.GetAsync(scope.Connection, postId, withSource: false, ct, scope.Transaction);
        // A post hidden by moderation takes no new comments: nobody else can see it.
        if (post is not { IsListed: true })
        {
            return WriteResult.NotFound;
        }

        long? parentId = null;
        CommentRow? parent = null;
        if (input.ParentId is { } requested)
        {
            // One level of nesting: a reply to a reply joins the thread of its top-level comment.
            parent = await comments.GetAsync(scope.Connection, requested, scope.Transaction);
            if (parent is null || parent.PostId != postId)
            {
                errors.Add("ParentId", t["The comment you are replying to does not exist."]);
            }
            else
            {
                parentId = parent.ParentId ?? parent.Id;
            }
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        var id = await comments.InsertAsync(scope.Connection, scope.Transaction, new NewComment(postId, parentId, authorId, body, linked!.Rendered.Html));
        await posts.AdjustCommentCountAsync(scope.Connection, scope.Transaction, postId, 1);
        var mentioned = await WriteMentionsAsync(scope, postId, id, authorId, linked);
        await events.AppendAsync(scope, EventKinds.CommentCreated, id, postId, authorId);
        await questions.CommentedAsync(scope, postId, post.AuthorId, authorId, id);
        var notified = await notifications.CommentedAsync(scope.Connection, scope.Transaction, authorId, postId, id, post.AuthorId, parent?.Id, parent?.AuthorId, mentioned);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, id) { NewlyMentionedIds = mentioned };
    }

    /// Only the author edits or deletes a comment; admins hide it instead (Moderation), with a reason the author sees.
    public async Task<WriteResult> EditAsync(Viewer viewer, long id, CommentInput input, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        var (body, linked) = await RenderAsync(errors, input.Body, ct);
        await using var scope = await db.BeginWriteAsync(ct);
        var comment = await comments.GetAsync(scope.Connection, id, scope.Transaction);
        if (comment is null || comment.DeletedAt is not null || !await PostIsLiveAsync(scope, comment.PostId, ct))
        {
            return WriteResult.NotFound;
        }

        if (comment.AuthorId != viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        await comments.UpdateAsync(scope.Connection, scope.Transaction, id, body, linked!.Rendered.Html);
        var mentioned = await WriteMentionsAsync(scope, comment.PostId, id, viewer.Id, linked);
        await events.AppendAsync(scope, EventKinds.CommentEdited, id, comment.PostId, viewer.Id);
        var notified = await notifications.MentionedAsync(scope.Connection, scope.Transaction, viewer.Id, comment.PostId, id, mentioned, ct);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, comment.PostId) { NewlyMentionedIds = mentioned };
    }

    public async Task<WriteResult> DeleteAsync(Viewer viewer, long id, CancellationToken ct)
    {
        await using var scope = await db.BeginWriteAsync(ct);
        var comment = await comments.GetAsync(scope.Connection, id, scope.Transaction);
        if (comment is null || comment.DeletedAt is not null || !await PostIsLiveAsync(scope, comment.PostId, ct))
        {
            return WriteResult.NotFound;
        }

        if (comment.AuthorId != viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        await comments.SoftDeleteAsync(scope.Connection, scope.Transaction, id);
        // A hidden comment is no longer counted.
        if (comment.HiddenAt is null)
        {
            await posts.AdjustCommentCountAsync(scope.Connection, scope.Transaction, comment.PostId, -1);
        }

        await events.AppendAsync(scope, EventKinds.CommentDeleted, id, comment.PostId, viewer.Id);
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, comment.PostId);
    }

    /// The conversation under a deleted post is gone with it: it takes no more changes, and so no events.
    private async Task<bool> PostIsLiveAsync(WriteScope scope, long postId, CancellationToken ct) =>
        await posts.GetAsync(scope.Connection, postId, withSource: false, ct, scope.Transaction) is { DeletedAt: null };

    public async Task<CommentRow?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await comments.GetAsync(connection, id);
    }

    /// A comment just written, as its writer sees it, for the script that shows it at once (no reactions yet).
    public async Task<CommentView?> NewCommentAsync(Viewer viewer, long id, CancellationToken ct) =>
        await GetAsync(id, ct) is { } comment ? new CommentView(comment, ReactionBar.From(comment.PostId, id, [], []), viewer, []) : null;

    /// Mentions commit with the comment; returns who is newly mentioned (the seam for notifications).
    private async Task<IReadOnlyList<long>> WriteMentionsAsync(WriteScope scope, long postId, long commentId, long writerId, LinkedMarkdown linked)
    {
        var added = await mentions.ReplaceAsync(scope.Connection, scope.Transaction, postId, commentId, linked.MentionedIds);
        return added.Where(id => id != writerId).ToList();
    }

    private async Task<(string Body, LinkedMarkdown? Linked)> RenderAsync(FieldErrors errors, string? input, CancellationToken ct)
    {
        var body = errors.Text("Comment", input, CommentLimits.Body, singleLine: false);
        return errors.Any ? (body, null) : (body, await linker.RenderAsync(errors, "Comment", body, MarkdownProfile.Full, tagsPost: false, ct));
    }
}
