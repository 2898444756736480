using System.Globalization;
using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.Comments;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Reactions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;

namespace Intranet.Blog.Features.Live;

/// Turns events rows into what clients receive: the card or comment rendered with the page's own partial,
/// viewer-neutral, and the counts that follow the change. Renders the current state, so a catch-up after a later
/// edit shows the edited text. A page of events costs four queries however long it is (the posts, their
/// announcement tags, the comments and the reaction counts it concerns), then one render per card or comment; a pin
/// event renders its place's pins section.
public sealed class EnvelopeBuilder(
    Database db, PostStore posts, CommentStore comments, ReactionStore reactions, AnnouncementStore announcements, PinsQuery pins,
    FragmentRenderer fragments, PollService polls, QuestionStore questions)
{
    public const string PostCardPartial = "~/Features/Posts/_PostCard.cshtml";
    public const string CommentPartial = "~/Features/Comments/_Comment.cshtml";
    public const string PinsPartial = "~/Features/Posts/_Pins.cshtml";

    /// One envelope per event, in the events' order. Renders in each of the given languages, or, without them, in
    /// the request's own.
    public async Task<IReadOnlyList<LiveEvent>> BuildAsync(IReadOnlyList<EventRow> page, IReadOnlyList<CultureInfo>? cultures, CancellationToken ct)
    {
        var aboutPosts = page.Where(e => !CarriesNoPost(e.Kind)).ToList();
        var postIds = aboutPosts.Select(PostOf).Distinct().ToList();
        var commentIds = aboutPosts.Where(e => e.Kind is EventKinds.CommentCreated or EventKinds.CommentEdited or EventKinds.CommentDeleted or EventKinds.CommentHidden or EventKinds.CommentRestored)
            .Select(e => e.TargetId).Distinct().ToList();
        Dictionary<long, PostRow> postById;
        Dictionary<long, CommentRow> commentById;
        Dictionary<long, AnnouncementTag> tags;
        IReadOnlyList<ReactionCount> counts;
        IReadOnlyDictionary<long, PollView> pollViews;
        IReadOnlyDictionary<long, int> helpful;
        await using (var connection = await db.OpenAsync(ct))
        {
            postById = (postIds.Count == 0 ? [] : await posts.ManyAsync(connection, postIds, ct)).ToDictionary(p => p.Id);
            tags = (await announcements.TagsAsync(connection, postIds, ct)).ToDictionary(a => a.PostId);
            commentById = (commentIds.Count == 0 ? [] : await comments.ManyAsync(connection, commentIds, ct)).ToDictionary(c => c.Id);
            counts = await reactions.ThreadCountsAsync(connection, postIds, ct);
            pollViews = await polls.ViewsAsync(connection, postIds, viewer: null, ct);
            // Answers under questions carry their helpful marks (a fifth query, only when a question is concerned).
            var answerIds = aboutPosts.Where(e => e.Kind == EventKinds.CommentHelpful || commentById.ContainsKey(e.TargetId) && postById.GetValueOrDefault(PostOf(e)) is { IsQuestion: true })
                .Select(e => e.TargetId).Distinct().ToList();
            helpful = await questions.HelpfulAsync(connection, answerIds, ct);
        }

        var envelopes = new List<LiveEvent>(page.Count);
        foreach (var e in page)
        {
            envelopes.Add(await EnvelopeAsync(e, postById, tags, commentById, counts, pollViews, helpful, cultures));
        }

        return envelopes;
    }

    private static long PostOf(EventRow e) => e.PostId ?? e.TargetId;

    /// Sessions ending, and a department page's or the company feed's pins, people and description: no post's card.
    /// Pins carry their section; for people and description the page fetches what changed itself (departments.js).
    private static bool CarriesNoPost(string kind) =>
        kind == EventKinds.SessionsEnded || kind == EventKinds.FeedPins || EventKinds.IsForDepartmentPage(kind);

    private async Task<LiveEvent> EnvelopeAsync(
        EventRow e, Dictionary<long, PostRow> postById, Dictionary<long, AnnouncementTag> tags, Dictionary<long, CommentRow> commentById, IReadOnlyList<ReactionCount> all,
        IReadOnlyDictionary<long, PollView> pollViews, IReadOnlyDictionary<long, int> helpful, IReadOnlyList<CultureInfo>? cultures)
    {
        var at = e.CreatedAt.ToUnixTimeMilliseconds();
        if (e.Kind is EventKinds.DepartmentPins or EventKinds.FeedPins)
        {
            // The place's whole section, in its current order: a page applies it by moving what it shows already.
            var view = await pins.ViewAsync(null, e.Kind == EventKinds.FeedPins ? null : e.DepartmentId, CancellationToken.None);
            return new LiveEvent(e.Id, e.Kind, e.TargetId, null, null, e.ActorId, at, await RenderAsync(PinsPartial, view, cultures), null);
        }

        if (CarriesNoPost(e.Kind))
        {
            return new LiveEvent(e.Id, e.Kind, e.TargetId, null, null, e.ActorId, at, null, null);
        }

        var postId = PostOf(e);
        var post = postById.GetValueOrDefault(postId);
        Dictionary<string, int>? counts = post is null ? null : new() { ["comments"] = post.CommentCount };
        IReadOnlyDictionary<string, string>? html = null;
        long? parentId = null;
        // A post hidden by moderation pushes nothing of itself or its conversation to anyone.
        var live = post is { IsListed: true };
        switch (e.Kind)
        {
            case EventKinds.PostCreated or EventKinds.PostEdited or EventKinds.PostRestored or EventKinds.PostQuestion or EventKinds.PostIdeas when live:
                html = await RenderAsync(PostCardPartial, new PostCardView(post!, ReactionBar.From(postId, null, all, []), null) { Announcement = tags.GetValueOrDefault(postId), Poll = pollViews.GetValueOrDefault(postId) }, cultures);
                break;
            // A hidden comment renders as the marker everyone else sees (the fragment knows no viewer).
            case EventKinds.CommentCreated or EventKinds.CommentEdited or EventKinds.CommentHidden or EventKinds.CommentRestored when live:
                if (commentById.GetValueOrDefault(e.TargetId) is { DeletedAt: null } comment)
                {
                    parentId = comment.ParentId;
                    var answer = post!.IsQuestion ? new AnswerFacts(helpful.GetValueOrDefault(comment.Id), false, comment.Id == post.AcceptedCommentId, false, false) : null;
                    html = await RenderAsync(CommentPartial, new CommentView(comment, ReactionBar.From(postId, comment.Id, all, []), null, []) { Answer = answer }, cultures);
                }

                break;
            case EventKinds.CommentDeleted:
                parentId = commentById.GetValueOrDefault(e.TargetId)?.ParentId;
                break;
            case EventKinds.CommentHelpful:
                counts = new() { ["helpful"] = helpful.GetValueOrDefault(e.TargetId) };
                break;
            case EventKinds.PostReactions or EventKinds.CommentReactions:
                long? commentId = e.Kind == EventKinds.CommentReactions ? e.TargetId : null;
                counts = ReactionBar.From(postId, commentId, all, []).Counts.ToDictionary();
                break;
            case EventKinds.PollVotes when live:
                counts = pollViews.GetValueOrDefault(postId)?.LiveCounts();
                break;
        }

        return new LiveEvent(e.Id, e.Kind, e.TargetId, e.PostId, parentId, e.ActorId, at, html, counts);
    }

    private async Task<IReadOnlyDictionary<string, string>> RenderAsync<TModel>(string partial, TModel model, IReadOnlyList<CultureInfo>? cultures) =>
        cultures is not null
            ? await fragments.RenderPerCultureAsync(partial, model, cultures)
            : new Dictionary<string, string> { [CultureInfo.CurrentUICulture.TwoLetterISOLanguageName] = await fragments.RenderAsync(partial, model) };
}
