using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Posts;

public static class PostKinds
{
    public const string Article = "article";
    public const string Micro = "micro";
    public const string Guide = "guide";

    public static bool IsKnown(string? kind) => kind is Article or Micro or Guide;
}

public static class PostLimits
{
    public const int MicroBody = 500;
    public const int ArticleTitle = 200;
    public const int ArticleBody = 40_000;
    public const int Excerpt = 280;
    public const int PageSize = 20;

    /// A guide is due for a look this long after it was written or last confirmed, unless its owner says otherwise.
    public const int ReviewMonths = 6;

    /// The latest review date a guide may be given: further out nobody remembers to look.
    public const int MaxReviewMonths = 36;
}

/// A post as cards and pages show it, with its author as every byline shows a person.
public sealed record PostRow
{
    public long Id { get; init; }
    public long AuthorId { get; init; }
    public string Kind { get; init; } = "";
    public string? Title { get; init; }
    public string BodyMd { get; init; } = "";
    public string BodyHtml { get; init; } = "";
    public string Excerpt { get; init; } = "";
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public bool Pinned { get; init; }
    public int CommentCount { get; init; }

    /// People who were shown the post's card (feed, profile); only its author sees the figure.
    public int SeenCount { get; init; }

    /// People who opened the post's page.
    public int OpenedCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    /// Hidden by moderation: gone from every list, count and push; its author and admins still open it (marked).
    public DateTimeOffset? HiddenAt { get; init; }
    /// Nobody edits its text, its author neither (a released anonymous question: the asker's words).
    public bool Locked { get; init; }

    // Guides only: who keeps it (null, or an inactive person: nobody does), when it is due for a look, the last
    // "still valid", and the comment it was made from.
    public long? OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public bool OwnerActive { get; init; }
    public DateTimeOffset? ReviewBy { get; init; }
    public DateTimeOffset? ReviewedAt { get; init; }
    public long? SourceCommentId { get; init; }

    // Questions only (Features/Questions): asked as one, first answered by someone other than the asker, and the
    // accepted answer with who gave it (null when none is accepted, or it was deleted or hidden since).
    public bool IsQuestion { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public long? AcceptedCommentId { get; init; }
    public string? AcceptedHtml { get; init; }
    public long? AcceptedById { get; init; }
    public string? AcceptedByName { get; init; }

    public Questions.QuestionCard? Question => IsQuestion ? new(Id, AnsweredAt, AcceptedCommentId, AcceptedHtml, AcceptedByName) : null;

    // Idea rounds only (Features/Ideas): when it closes, its outcome post (null until published, or deleted since),
    // how many ideas it has and the leading one.
    public bool IsIdeaRound { get; init; }
    public DateTimeOffset? IdeasCloseAt { get; init; }
    public string? IdeasCloseZone { get; init; }
    public long? IdeaOutcomeId { get; init; }
    public int IdeaCount { get; init; }
    public string? LeadingIdeaTitle { get; init; }
    public int LeadingIdeaSupports { get; init; }

    public IdeaRoundCard? IdeaRound => IsIdeaRound
        ? new(Id, IdeasCloseAt!.Value, IdeasCloseZone ?? "", IdeaOutcomeId, IdeaCount, LeadingIdeaTitle, LeadingIdeaSupports)
        : null;

    public PersonCard Author { get; init; } = new();

    /// Whether this viewer may open the post itself (its page, history, moderation notice).
    public bool IsVisibleTo(Shared.Viewer viewer) => DeletedAt is null && (HiddenAt is null || viewer.Id == AuthorId || viewer.IsAdmin);

    /// Whether others may see it in lists and live pushes, comment on it and react to it.
    public bool IsListed => DeletedAt is null && HiddenAt is null;

    public bool IsGuide => Kind == PostKinds.Guide;

    /// A guide nobody keeps: its owner left or handed it to nobody.
    public bool Unowned => IsGuide && (OwnerId is null || !OwnerActive);

    public bool NeedsReview(DateTimeOffset now) => IsGuide && ReviewBy is { } due && due <= now;
}

/// What the store writes; the service has validated and rendered it. A guide has an owner and a review date.
public sealed record NewPost(
    long AuthorId, string Kind, string? Title, string BodyMd, string BodyHtml, string Excerpt, long? DepartmentId,
    long? OwnerId = null, DateTimeOffset? ReviewBy = null, long? SourceCommentId = null);

/// ReviewBy: a guide's next review date when the edit gives one (other kinds have none).
public sealed record PostEdit(long Id, string? Title, string BodyMd, string BodyHtml, string Excerpt, long? DepartmentId, long EditedBy, DateTimeOffset? ReviewBy = null);

/// An idea round as it shows on a card, from the post's own row: how many ideas, the leading one, when it closes, and
/// its outcome once there is one. Here, not in Features/Ideas, because every card shows it and Ideas uses Posts.
public sealed record IdeaRoundCard(long PostId, DateTimeOffset ClosesAt, string ClosesZone, long? OutcomePostId, int IdeaCount, string? LeadingTitle, int LeadingSupports)
{
    public bool IsClosed(DateTimeOffset now) => ClosesAt <= now;
}
