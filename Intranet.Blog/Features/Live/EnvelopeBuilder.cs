using System.Globalization;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Features.Live;

/// Turns an events row into what clients receive: the card or comment rendered with the page's own partial,
/// viewer-neutral, and the counts that follow the change. Renders the current state, so a catch-up after a later
/// edit shows the edited text.
public sealed class EnvelopeBuilder(SqliteConnectionFactory db, PostStore posts, CommentStore comments, ReactionStore reactions, FragmentRenderer fragments)
{
    public const string PostCardPartial = "~/Features/Posts/_PostCard.cshtml";
    public const string CommentPartial = "~/Features/Comments/_Comment.cshtml";

    /// Renders in each of the given languages, or, without them, in the request's own.
    public async Task<LiveEvent> BuildAsync(EventRow e, IReadOnlyList<CultureInfo>? cultures, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var postId = e.PostId ?? e.TargetId;
        var post = await posts.GetAsync(connection, postId, withSource: false, ct);
        Dictionary<string, int>? counts = post is null ? null : new() { ["comments"] = post.CommentCount };
        IReadOnlyDictionary<string, string>? html = null;
        long? parentId = null;
        var live = post is { DeletedAt: null };

        switch (e.Kind)
        {
            case EventKinds.PostCreated or EventKinds.PostEdited when live:
                var postCounts = await reactions.PostCountsAsync(connection, [postId], ct);
                html = await RenderAsync(EnvelopeBuilder.PostCardPartial, new PostCardView(post!, ReactionBar.From(postId, null, postCounts, []), null), cultures);
                break;
            case EventKinds.CommentCreated or EventKinds.CommentEdited when live:
                var comment = await comments.GetAsync(connection, e.TargetId);
                if (comment is { DeletedAt: null })
                {
                    parentId = comment.ParentId;
                    var threadCounts = await reactions.ThreadCountsAsync(connection, postId, ct);
                    html = await RenderAsync(CommentPartial, new CommentView(comment, ReactionBar.From(postId, comment.Id, threadCounts, []), null, []), cultures);
                }

                break;
            case EventKinds.CommentDeleted:
                parentId = (await comments.GetAsync(connection, e.TargetId))?.ParentId;
                break;
            case EventKinds.PostReactions or EventKinds.CommentReactions:
                long? commentId = e.Kind == EventKinds.CommentReactions ? e.TargetId : null;
                var all = await reactions.ThreadCountsAsync(connection, postId, ct);
                counts = ReactionBar.From(postId, commentId, all, []).Counts.ToDictionary();
                break;
        }

        return new LiveEvent(e.Id, e.Kind, e.TargetId, e.PostId, parentId, e.ActorId, e.CreatedAt.ToUnixTimeMilliseconds(), html, counts);
    }

    private async Task<IReadOnlyDictionary<string, string>> RenderAsync<TModel>(string partial, TModel model, IReadOnlyList<CultureInfo>? cultures) =>
        cultures is not null
            ? await fragments.RenderPerCultureAsync(partial, model, cultures)
            : new Dictionary<string, string> { [CultureInfo.CurrentUICulture.TwoLetterISOLanguageName] = await fragments.RenderAsync(partial, model) };
}
