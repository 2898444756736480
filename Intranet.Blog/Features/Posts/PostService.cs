using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Features.Topics;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Markdown;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

/// Validates, renders Markdown once, writes the post with its event in one transaction; the live pipeline pushes
/// the event once it commits.
public sealed class PostService(
    SqliteConnectionFactory db, PostStore posts, EventStore events, DepartmentStore departments,
    MarkdownRenderer markdown, NotificationService notifications, BellQueue bells,
    IStringLocalizer<SharedResource> t, TextLinker linker, MentionStore mentions, TopicStore topics, PostVersionStore versions, AnnouncementService announcements)
{
    public Task<WriteResult> CreateAsync(long authorId, PostInput input, CancellationToken ct) => CreateAsync(authorId, input, mayAnnounce: false, ct);

    /// mayAnnounce: the author is an executive or an admin, who may address an article to the company or departments.
    public async Task<WriteResult> CreateAsync(long authorId, PostInput input, bool mayAnnounce, CancellationToken ct)
    {
        var (errors, fields) = await ValidateAsync(input, input.Kind, ct);
        var plan = input.Kind == PostKinds.Article ? await announcements.ValidateAsync(errors, input.Announcement, authorId, mayAnnounce, ct) : null;
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        var post = new NewPost(authorId, input.Kind, fields.Title, fields.Body, fields.Html, fields.Excerpt, input.DepartmentId);
        await using var scope = await db.BeginWriteAsync(ct);
        var id = await posts.InsertAsync(scope.Connection, scope.Transaction, post);
        var mentioned = await WriteLinksAsync(scope, id, authorId, fields.Links);
        await events.AppendAsync(scope, EventKinds.PostCreated, id, id, authorId, input.DepartmentId);
        IReadOnlyList<long> addressed = [], announced = [];
        if (plan is not null)
        {
            (addressed, announced) = await announcements.PublishAsync(scope.Connection, scope.Transaction, id, authorId, plan);
        }

        var notified = (await notifications.PostedAsync(scope.Connection, scope.Transaction, authorId, id, input.DepartmentId, mentioned, addressed)).Concat(announced);
        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, id) { NewlyMentionedIds = mentioned };
    }

    public async Task<WriteResult> EditAsync(Viewer viewer, long id, PostInput input, CancellationToken ct)
    {
        var existing = await GetAsync(id, withSource: false, ct);
        if (existing is null || existing.DeletedAt is not null)
        {
            return WriteResult.NotFound;
        }

        if (existing.AuthorId != viewer.Id)
        {
            return WriteResult.Forbidden;
        }

        var (errors, fields) = await ValidateAsync(input, existing.Kind, ct);
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, id, errors);
        }

        await using var scope = await db.BeginWriteAsync(ct);
        // The text being replaced is kept first, in the same transaction: no edit without its previous version.
        var kept = await versions.KeepAsync(scope.Connection, scope.Transaction, id, fields.Title, fields.Body);
        // Deleted since the check above: nothing changes and no event is written (the scope rolls back).
        if (await posts.UpdateAsync(scope.Connection, scope.Transaction, new PostEdit(id, fields.Title, fields.Body, fields.Html, fields.Excerpt, input.DepartmentId, viewer.Id)) == 0)
        {
            return WriteResult.NotFound;
        }

        var mentioned = await WriteLinksAsync(scope, id, viewer.Id, fields.Links);
        await events.AppendAsync(scope, EventKinds.PostEdited, id, id, viewer.Id, input.DepartmentId);
        var notified = await notifications.MentionedAsync(scope.Connection, scope.Transaction, viewer.Id, id, null, mentioned, ct);
        if (input.Material && kept)
        {
            var version = await versions.CurrentNumberAsync(scope.Connection, id, scope.Transaction);
            notified = [.. notified, .. await announcements.MaterialChangeAsync(scope.Connection, scope.Transaction, id, viewer.Id, version) ?? []];
        }

        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, id) { NewlyMentionedIds = mentioned };
    }

    /// Only the author deletes a post; admins hide it instead (Moderation), audited and with a reason the author sees.
    public async Task<WriteResult> DeleteAsync(Viewer viewer, long id, CancellationToken ct)
    {
        var existing = await GetAsync(id, withSource: false, ct);
        if (existing is null || existing.DeletedAt is not null)
        {
            return WriteResult.NotFound;
        }

        if (!viewer.CanChange(existing.AuthorId))
        {
            return WriteResult.Forbidden;
        }

        await using var scope = await db.BeginWriteAsync(ct);
        // A concurrent delete won the race: one post.deleted event is enough.
        if (await posts.SoftDeleteAsync(scope.Connection, scope.Transaction, id) == 0)
        {
            return WriteResult.NotFound;
        }

        await announcements.EndAsync(scope.Connection, scope.Transaction, id);
        await events.AppendAsync(scope, EventKinds.PostDeleted, id, id, viewer.Id, existing.DepartmentId);
        await scope.CommitAsync(ct);
        return new WriteResult(WriteStatus.Ok, id);
    }

    public async Task<PostRow?> GetAsync(long id, bool withSource, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await posts.GetAsync(connection, id, withSource, ct);
    }

    /// The card of a post just written, as its writer sees it, for the script that shows it at once. Nobody has
    /// reacted to it yet, so the bar starts empty.
    public async Task<PostCardView?> NewCardAsync(Viewer viewer, long id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await posts.GetAsync(connection, id, withSource: false, ct) is { } post
            ? new PostCardView(post, ReactionBar.From(id, null, [], []), viewer) { Announcement = (await announcements.TagsAsync(connection, [id], ct)).FirstOrDefault() }
            : null;
    }

    /// Renders the preview of an article draft; nothing is stored.
    public (FieldErrors Errors, string? Html) Preview(PostInput input)
    {
        var errors = new FieldErrors(t);
        var body = errors.Text("Text", input.Body, PostLimits.ArticleBody, singleLine: false);
        return errors.Any ? (errors, null) : (errors, markdown.Render(body, MarkdownProfile.Full).Html);
    }

    /// Mentions and topics commit with the post; returns who is newly mentioned (the seam for notifications).
    private async Task<IReadOnlyList<long>> WriteLinksAsync(WriteScope scope, long postId, long writerId, LinkedMarkdown links)
    {
        await topics.ReplaceAsync(scope.Connection, scope.Transaction, postId, links.Topics);
        var added = await mentions.ReplaceAsync(scope.Connection, scope.Transaction, postId, null, links.MentionedIds);
        return added.Where(id => id != writerId).ToList();
    }

    private async Task<(FieldErrors Errors, (string? Title, string Body, string Html, string Excerpt, LinkedMarkdown Links) Fields)> ValidateAsync(PostInput input, string kind, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        if (!PostKinds.IsKnown(kind) || kind == PostKinds.Guide)
        {
            errors.Add(nameof(input.Kind), t["Unknown kind of post."]);
            return (errors, default);
        }

        var micro = kind == PostKinds.Micro;
        var title = micro ? null : errors.Text("Title", input.Title, PostLimits.ArticleTitle);
        var body = errors.Text("Text", input.Body, micro ? PostLimits.MicroBody : PostLimits.ArticleBody, singleLine: false);
        if (input.DepartmentId is { } departmentId && !await departments.ExistsAsync(departmentId, ct))
        {
            errors.Add("DepartmentId", t["Unknown department."]);
        }

        if (errors.Any)
        {
            return (errors, default);
        }

        var linked = await linker.RenderAsync(errors, "Text", body, micro ? MarkdownProfile.Inline : MarkdownProfile.Full, tagsPost: true, ct);
        if (linked is null)
        {
            return (errors, default);
        }

        var rendered = linked.Rendered;
        return (errors, (title, body, rendered.Html, MarkdownRenderer.Excerpt(rendered.PlainText, PostLimits.Excerpt), linked));
    }
}
