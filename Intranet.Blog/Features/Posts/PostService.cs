using Intranet.Blog.Features.Announcements;
using System.Globalization;
using Intranet.Blog.Features.Mentions;
using Intranet.Blog.Features.Notifications;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Questions;
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
    Database db, PostStore posts, EventStore events, DepartmentStore departments, CurationRights rights, PostRights postRights,
    MarkdownRenderer markdown, NotificationService notifications, BellQueue bells,
    IStringLocalizer<SharedResource> t, TextLinker linker, MentionStore mentions, TopicStore topics, PostVersionStore versions, AnnouncementService announcements,
    TimeProvider clock, PollService polls, QuestionService questions)
{
    public const string ReviewField = "Review by";

    public Task<WriteResult> CreateAsync(Viewer author, PostInput input, CancellationToken ct) => CreateAsync(author, input, mayAnnounce: false, ct);

    /// mayAnnounce: the author is an executive or an admin, who may address an article to the company or departments.
    public Task<WriteResult> CreateAsync(Viewer author, PostInput input, bool mayAnnounce, CancellationToken ct) =>
        CreateAsync(author, input, mayAnnounce, at: null, claim: null, published: null, ct);

    /// A draft becomes a post: the same write as a new post (id, event, mentions, followers, announcement addressees),
    /// dated at (a schedule's time). claim runs in the post's transaction before anything is written and removes the
    /// draft; false means it is gone or was published already (the author and the schedule raced), and nothing is written.
    /// published (optional) runs in the same transaction once the post has its id, for what the caller records with it,
    /// and names the people whose bell it changed.
    public Task<WriteResult> PublishDraftAsync(Viewer author, PostInput input, bool mayAnnounce, DateTimeOffset at, Func<WriteScope, Task<bool>> claim, CancellationToken ct,
        Func<WriteScope, long, Task<IReadOnlyList<long>>>? published = null) =>
        CreateAsync(author, input, mayAnnounce, at, claim, published, ct);

    /// Everything CreateAsync would refuse, without writing: a draft is checked when it is scheduled, not only when its time comes.
    /// publishAt: the schedule's time, which an announcement's dates must not lie before.
    public async Task<FieldErrors> CheckAsync(Viewer author, PostInput input, bool mayAnnounce, DateTimeOffset publishAt, CancellationToken ct)
    {
        var (errors, _) = await ValidateAsync(input, input.Kind, ct);
        if (input.Kind == PostKinds.Article)
        {
            await announcements.ValidateAsync(errors, input.Announcement, author.Id, mayAnnounce, ct, publishAt);
        }

        return errors;
    }

    private async Task<WriteResult> CreateAsync(Viewer author, PostInput input, bool mayAnnounce, DateTimeOffset? at, Func<WriteScope, Task<bool>>? claim,
        Func<WriteScope, long, Task<IReadOnlyList<long>>>? published, CancellationToken ct)
    {
        var (errors, fields) = await ValidateAsync(input, input.Kind, ct);
        var plan = input.Kind == PostKinds.Article ? await announcements.ValidateAsync(errors, input.Announcement, author.Id, mayAnnounce, ct) : null;
        var poll = await polls.ValidateAsync(errors, input.Poll, author.Id, ct);
        if (errors.Any)
        {
            return new WriteResult(WriteStatus.Invalid, Errors: errors);
        }

        var guide = input.Kind == PostKinds.Guide;
        var post = new NewPost(author.Id, input.Kind, fields.Title, fields.Body, fields.Html, fields.Excerpt, input.DepartmentId,
            guide ? author.Id : null, guide ? fields.ReviewBy ?? clock.GetUtcNow().AddMonths(PostLimits.ReviewMonths) : null,
            guide ? input.SourceCommentId : null);
        await using var scope = await db.BeginWriteAsync(ct);
        GuideSource? source = null;
        if (post.SourceCommentId is { } commentId)
        {
            // Turning a colleague's answer into a guide is curation: for the chosen department's curators.
            if (!await rights.MayCurateAsync(scope.Connection, scope.Transaction, author, input.DepartmentId!.Value, ct))
            {
                return WriteResult.Forbidden;
            }

            source = await posts.GuideSourceAsync(scope.Connection, commentId, ct, scope.Transaction);
            if (source is not { GuideId: null })
            {
                errors.Add("Text", t["The comment is gone or became a guide already."]);
                return new WriteResult(WriteStatus.Invalid, Errors: errors);
            }

        }

        if (claim is not null && !await claim(scope))
        {
            return WriteResult.NotFound;
        }

        var id = await posts.InsertAsync(scope.Connection, scope.Transaction, post, at);
        if (poll is not null)
        {
            await polls.WriteAsync(scope, id, poll);
        }

        if (source is not null)
        {
            // The comment now says "became a guide": its open pages get it again.
            await events.AppendAsync(scope, EventKinds.CommentEdited, source.CommentId, source.PostId, author.Id);
        }

        var mentioned = await WriteLinksAsync(scope, id, author.Id, fields.Links);
        if (input.Question && !guide)
        {
            await questions.AskedAsync(scope, id);
        }

        await events.AppendAsync(scope, EventKinds.PostCreated, id, id, author.Id, input.DepartmentId);
        IReadOnlyList<long> addressed = [], announced = [];
        if (plan is not null)
        {
            (addressed, announced) = await announcements.PublishAsync(scope.Connection, scope.Transaction, id, author.Id, plan);
        }

        var notified = (await notifications.PostedAsync(scope.Connection, scope.Transaction, author.Id, id, input.DepartmentId, mentioned, addressed)).Concat(announced);
        if (published is not null)
        {
            notified = notified.Concat(await published(scope, id));
        }

        await scope.CommitAsync(ct);
        bells.Enqueue(notified);
        return new WriteResult(WriteStatus.Ok, id) { NewlyMentionedIds = mentioned };
    }

    public Task<bool> MayEditAsync(Viewer viewer, PostRow post, CancellationToken ct) => postRights.MayEditAsync(viewer, post, ct);

    public async Task<WriteResult> EditAsync(Viewer viewer, long id, PostInput input, CancellationToken ct)
    {
        var existing = await GetAsync(id, withSource: false, ct);
        if (existing is null || existing.DeletedAt is not null)
        {
            return WriteResult.NotFound;
        }

        if (!await MayEditAsync(viewer, existing, ct))
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
        if (await posts.UpdateAsync(scope.Connection, scope.Transaction, new PostEdit(id, fields.Title, fields.Body, fields.Html, fields.Excerpt, input.DepartmentId, viewer.Id, fields.ReviewBy)) == 0)
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

        if (!await postRights.MayDeleteAsync(viewer, existing, ct))
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
            ? new PostCardView(post, ReactionBar.From(id, null, [], []), viewer)
            {
                Announcement = (await announcements.TagsAsync(connection, [id], ct)).FirstOrDefault(),
                Poll = (await polls.ViewsAsync(connection, [id], viewer.Id, ct)).GetValueOrDefault(id),
            }
            : null;
    }

    /// The comment a guide is made from, with where it was said; null when it is gone.
    public async Task<GuideSource?> GuideSourceAsync(long commentId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await posts.GuideSourceAsync(connection, commentId, ct);
    }

    /// Renders the preview of an article draft; nothing is stored.
    public (FieldErrors Errors, string? Html) Preview(PostInput input)
    {
        var errors = new FieldErrors(t);
        var body = errors.Text("Text", input.Body, PostLimits.ArticleBody, singleLine: false);
        return errors.Any ? (errors, null) : (errors, markdown.Render(body, input.Kind == PostKinds.Guide ? MarkdownProfile.Guide : MarkdownProfile.Full).Html);
    }

    /// Mentions and topics commit with the post; returns who is newly mentioned (the seam for notifications).
    private async Task<IReadOnlyList<long>> WriteLinksAsync(WriteScope scope, long postId, long writerId, LinkedMarkdown links)
    {
        await topics.ReplaceAsync(scope.Connection, scope.Transaction, postId, links.Topics);
        var added = await mentions.ReplaceAsync(scope.Connection, scope.Transaction, postId, null, links.MentionedIds);
        return added.Where(id => id != writerId).ToList();
    }

    private async Task<(FieldErrors Errors, PostFields Fields)> ValidateAsync(PostInput input, string kind, CancellationToken ct)
    {
        var errors = new FieldErrors(t);
        if (!PostKinds.IsKnown(kind))
        {
            errors.Add(nameof(input.Kind), t["Unknown kind of post."]);
            return (errors, default!);
        }

        var micro = kind == PostKinds.Micro;
        var guide = kind == PostKinds.Guide;
        var title = micro ? null : errors.Text("Title", input.Title, PostLimits.ArticleTitle);
        var body = errors.Text("Text", input.Body, micro ? PostLimits.MicroBody : PostLimits.ArticleBody, singleLine: false);
        if (input.DepartmentId is { } departmentId && !await departments.ExistsAsync(departmentId, ct))
        {
            errors.Add("DepartmentId", t["Unknown department."]);
        }
        else if (guide && input.DepartmentId is null)
        {
            errors.Add("DepartmentId", t["A guide belongs to a department: choose the one whose guide it is."]);
        }

        var reviewBy = guide ? ReviewDate(errors, input.ReviewBy) : null;
        if (errors.Any)
        {
            return (errors, default!);
        }

        var profile = micro ? MarkdownProfile.Inline : guide ? MarkdownProfile.Guide : MarkdownProfile.Full;
        var linked = await linker.RenderAsync(errors, "Text", body, profile, tagsPost: true, ct);
        if (linked is null)
        {
            return (errors, default!);
        }

        var rendered = linked.Rendered;
        return (errors, new PostFields(title, body, rendered.Html, MarkdownRenderer.Excerpt(rendered.PlainText, PostLimits.Excerpt), linked, reviewBy));
    }

    private sealed record PostFields(string? Title, string Body, string Html, string Excerpt, LinkedMarkdown Links, DateTimeOffset? ReviewBy);

    /// A date (yyyy-MM-dd, as a date input sends it) after today and at most three years ahead: the guide is due from
    /// the start of that day (UTC). Empty means "the default" (null).
    private DateTimeOffset? ReviewDate(FieldErrors errors, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var today = clock.GetUtcNow().UtcDateTime.Date;
        if (!DateTime.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(ReviewField, t["{0} is not a date.", t[ReviewField]]);
            return null;
        }

        if (date <= today || date > today.AddMonths(PostLimits.MaxReviewMonths))
        {
            errors.Add(ReviewField, t["The review date must lie after today and at most {0} years ahead.", PostLimits.MaxReviewMonths / 12]);
            return null;
        }

        return new DateTimeOffset(date, TimeSpan.Zero);
    }
}
