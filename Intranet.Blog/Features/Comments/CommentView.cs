using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Comments;

public sealed record CommentView(CommentRow Comment, ReactionBar Reactions, Viewer? Viewer, IReadOnlyList<CommentView> Replies)
{
    /// Set under a question: helpful marks, accepted, and what the viewer may do about it.
    public AnswerFacts? Answer { get; init; }

    /// Whether the link that turns the comment into a guide is written. The style sheet shows it only where the page
    /// says the viewer curates (so a live fragment, the same for everyone, carries it); a page for a viewer who
    /// curates nothing leaves it out, fifty times over on a long conversation.
    public bool OffersGuide { get; init; } = true;

    /// Everything _CommentContent.cshtml shows besides the culture, for RenderedFragments (see PostCardView.RenderKey).
    public object RenderKey(DateTimeOffset now, IStringLocalizer t) =>
        (Comment, Reactions.Key, ReactionBar.Role(Viewer, Comment.AuthorId), TimeText.Relative(Comment.CreatedAt, now, t), Answer, OffersGuide);

    /// A question's answers with their helpful marks: the accepted one first, then by marks, then in the order they
    /// were written; replies stay under their answer.
    public static IReadOnlyList<CommentView> AsAnswers(IReadOnlyList<CommentView> thread, AnswerSheet sheet)
    {
        CommentView With(CommentView c) => c with { Answer = sheet.Facts.GetValueOrDefault(c.Comment.Id), Replies = c.Replies.Select(With).ToList() };
        return thread.Select(With)
            .OrderByDescending(c => c.Answer?.Accepted == true)
            .ThenByDescending(c => c.Answer?.Helpful ?? 0)
            .ThenBy(c => c.Comment.Id)
            .ToList();
    }

    /// What a question needs to know of its comments.
    public static IReadOnlyList<AnswerRow> Rows(IReadOnlyList<CommentRow> rows) =>
        rows.Select(c => new AnswerRow { CommentId = c.Id, PostId = c.PostId, ParentId = c.ParentId, AuthorId = c.AuthorId, Visible = c.DeletedAt is null && c.HiddenAt is null }).ToList();

    /// Top-level comments in order, each with its replies; a deleted comment stays only as a marker for its replies.
    public static IReadOnlyList<CommentView> Thread(IReadOnlyList<CommentRow> rows, IReadOnlyList<ReactionCount> counts, IReadOnlyList<ReactionCount> mine, Viewer? viewer, bool offersGuide)
    {
        var replies = rows.Where(c => c.ParentId is not null && c.DeletedAt is null).ToLookup(c => c.ParentId!.Value);
        // The thread's counts sorted by comment once: each bar looking through all of them made a page of fifty
        // comments compare ten thousand counts.
        var countsOf = counts.ToLookup(c => (c.PostId, c.CommentId));
        var mineOf = mine.ToLookup(c => (c.PostId, c.CommentId));
        ReactionBar Bar(CommentRow c) => ReactionBar.From(c.PostId, c.Id, countsOf[(c.PostId, c.Id)], mineOf[(c.PostId, c.Id)]);
        IReadOnlyList<CommentView> RepliesTo(CommentRow c) => replies.Contains(c.Id)
            ? replies[c.Id].Select(r => new CommentView(r, Bar(r), viewer, []) { OffersGuide = offersGuide }).ToList()
            : [];
        return rows
            .Where(c => c.ParentId is null && (c.DeletedAt is null || replies[c.Id].Any()))
            .Select(c => new CommentView(c, Bar(c), viewer, RepliesTo(c)) { OffersGuide = offersGuide })
            .ToList();
    }
}
