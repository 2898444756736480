namespace Intranet.Blog.Features.Questions;

public enum QuestionStatus { Open, Answered, Solved }

public static class QuestionLimits
{
    /// How many open questions one list shows, oldest first (the longest waiting matter most).
    public const int OpenList = 200;

    /// How many months the department page shows figures for, the current one included.
    public const int FigureMonths = 6;

    /// A month with fewer questions shows no figures: a median of two says more about two people than about a department.
    public const int FewestForFigures = 5;

    /// The response target a department may set, in hours (a quarter of an hour to 500).
    public const double MinTargetHours = 0.25;
    public const double MaxTargetHours = 500;
}

/// A question as its card shows it: when it was first answered, and the accepted answer (its HTML and who gave it;
/// null when none is accepted, or it was deleted or hidden since).
public sealed record QuestionCard(long PostId, DateTimeOffset? AnsweredAt, long? AcceptedCommentId, string? AcceptedHtml, string? AcceptedByName)
{
    /// "gelöst" once an answer is accepted (and still visible), "beantwortet" once someone other than the asker
    /// answered, "offen" before.
    public QuestionStatus Status =>
        AcceptedHtml is not null ? QuestionStatus.Solved : AnsweredAt is not null ? QuestionStatus.Answered : QuestionStatus.Open;
}

/// A comment as far as answering goes: its post, author, place in the thread and whether others still see it.
public sealed record AnswerRow
{
    public long CommentId { get; init; }
    public long PostId { get; init; }
    public long? ParentId { get; init; }
    public long AuthorId { get; init; }
    public bool Visible { get; init; }
}

/// The helpful marks and acceptance of a question's answers for one viewer, by comment id, and whether the viewer may
/// accept at all (the asker, the department's curators, admins).
public sealed record AnswerSheet(IReadOnlyDictionary<long, AnswerFacts> Facts, bool MayAccept);

/// What the helpful and accept forms under one answer need. HasViewer: false in a live fragment (no token, no
/// per-viewer state; questions.js applies it).
public sealed record AnswerActionsView(long CommentId, long PostId, long? ParentId, long AuthorId, AnswerFacts Answer, bool HasViewer);

/// What an answer under a question shows besides the comment: how many found it helpful, whether the viewer did,
/// whether it is the accepted one, and whether the viewer may accept it (the asker, the department's curators, admins)
/// or vote (everyone but its author). A live fragment has no viewer: Mine, MayAccept and MayVote are false there and
/// questions.js applies them from the page's data attributes.
public sealed record AnswerFacts(int Helpful, bool Mine, bool Accepted, bool MayAccept, bool MayVote);

/// One open question in a list, with its working hours waited so far and whether it is past its target.
/// Overdue is shown only to those who answer for the department (its curators, admins).
public sealed record OpenQuestionView(OpenQuestionRow Row, TimeSpan Waited, bool Overdue);

/// Department null: the company-wide list.
public sealed record OpenQuestionsView(long? DepartmentId, string? DepartmentName, IReadOnlyList<OpenQuestionView> Questions, bool ShowsOverdue);

/// One month's figures of a department: questions asked, the median working hours to the first answer and the share
/// answered within the target. Null figures: too few questions (or none answered) to say.
public sealed record MonthFigures(DateOnly Month, int Asked, TimeSpan? MedianFirstAnswer, double? ShareWithinTarget);

/// A department's answering figures and target, for its page. MayEdit: the viewer may change the target.
public sealed record ResponseFiguresView(long DepartmentId, ResponseTarget Target, IReadOnlyList<MonthFigures> Months, int OpenCount, bool MayEdit);

/// The target form. Hours: the target in working hours; the rest empty means the organisation's working hours.
public sealed record ResponseTargetInput
{
    public string? Hours { get; init; }
    public bool OwnHours { get; init; }
    public string? TimeZone { get; init; }
    public int[]? Days { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
}

public sealed record ResponseTargetEditorView(long DepartmentId, string DepartmentName, ResponseTargetInput Input, IReadOnlyList<string> TimeZones, bool MayEdit);
