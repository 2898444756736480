using Intranet.Blog.Features.Announcements;
using Intranet.Blog.Features.People;
using Intranet.Blog.Features.Polls;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Web;
using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Posts;

public sealed record PostCardView(PostRow Post, ReactionBar Reactions, Viewer? Viewer)
{
    /// Set when the post is an announcement: the card says so, and carries what live.js needs to pin it for its addressees.
    public AnnouncementTag? Announcement { get; init; }

    /// Set when the post carries a poll, as this viewer sees it.
    public PollView? Poll { get; init; }

    /// Everything _PostCard.cshtml shows besides the culture, for RenderedFragments: the row (a record, compared
    /// field by field), the reactions, the viewer's relation to the author, the relative time as text, whether a guide
    /// is due for review and whether an idea round has closed by now.
    public object RenderKey(DateTimeOffset now, IStringLocalizer t) =>
        (Post, Reactions.Key, ReactionBar.Role(Viewer, Post.AuthorId), TimeText.Relative(Post.CreatedAt, now, t), Announcement, Post.NeedsReview(now), Poll?.Key,
            Post.IdeaRound?.IsClosed(now));
}

public sealed record PostInput
{
    public string Kind { get; init; } = PostKinds.Micro;
    public string? Title { get; init; }
    public string? Body { get; init; }
    public long? DepartmentId { get; init; }
    public string? Preview { get; init; }
    /// Executives and admins only, when writing an article.
    public AnnouncementInput? Announcement { get; init; }
    /// A poll on a new post (none when no option is typed).
    public PollInput? Poll { get; init; }
    /// Editing a must-read: the change asks everyone to acknowledge again.
    public bool Material { get; init; }

    /// A new article or micropost asked as a question (Features/Questions).
    public bool Question { get; init; }

    /// Guides: when it is due for a look (yyyy-MM-dd; empty: in six months), and the comment it is made from.
    public string? ReviewBy { get; init; }
    public long? SourceCommentId { get; init; }
}

/// MayAnnounce: the writer may publish announcements (new articles only); MustRead: the post being edited is a must-read;
/// Source: the conversation a guide made from a comment links back to (shown above the editor).
public sealed record PostEditorView(
    long? Id, PostInput Input, IReadOnlyList<Department> Departments, string? PreviewHtml, bool MayAnnounce = false, bool MustRead = false,
    GuideSource? Source = null)
{
    /// A new article or a draft: the editor saves it as a draft (by hand and while typing) and can schedule it.
    public DraftFields? Draft { get; init; }
}

/// The draft part of the article editor. Id null: a new article, not saved yet. IsAuthor: may name co-authors, schedule
/// and publish (co-authors only edit). PublishAt: the datetime-local value in the author's time zone; ScheduledText: when
/// it is scheduled for, for people; AuthorName: whose draft a co-author is editing.
public sealed record DraftFields(long? Id, bool IsAuthor, string? CoAuthors, string? PublishAt, string? ScheduledText, string? AuthorName)
{
    /// The co-authors field's limit, here because the editor shows it and Drafts checks it.
    public const int CoAuthorsLength = 500;

    /// The fields' names in error messages (ModelState keys), for the refusal shown at the field.
    public const string CoAuthorsField = "Co-authors";
    public const string PublishAtField = "Publish at";

    /// Why its last schedule could not be kept, as a sentence for the editor's notice; null when nothing failed.
    public string? Refusal { get; init; }
}

/// The comment a new guide is made from, where it was said, its text, and the guide it became already, if any.
public sealed record GuideSource(long CommentId, long PostId, string AuthorName, string PostTitle, string BodyMd, long? GuideId);
