using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Ideas;

public static class IdeaLimits
{
    public const int Title = 120;
    public const int Body = 2000;

    /// A round runs for days or weeks; further out than this it is a suggestion box, which nobody closes.
    public const int MaxOpenDays = 92;

    /// Ideas one person may have in one round at a time: enough for anyone with ideas, too few to bury the others'.
    public const int PerPerson = 20;

    /// The ideas a round page lists; a round with more shows the most supported.
    public const int Listed = 1000;

    public const int OutcomeTitle = Posts.PostLimits.ArticleTitle;
    public const int OutcomeText = 10_000;

    /// The fields' names in error messages (ModelState keys).
    public const string QuestionField = "Question";
    public const string AboutField = "What it is about";
    public const string ClosesAtField = "Ideas until";
    public const string AudienceField = "Who is asked";
    public const string TitleField = "Idea";
    public const string BodyField = "Idea text";
    public const string OutcomeTitleField = "Outcome title";
    public const string OutcomeTextField = "Outcome";
    public const string ChosenField = "Chosen ideas";
}

/// Opening a round. Question: the post's title; About: its text (Markdown); ClosesAt: a datetime-local value in the
/// opener's time zone; Departments: the departments asked (none: the whole company).
public sealed record RoundInput
{
    public string? Question { get; init; }
    public string? About { get; init; }
    public string? ClosesAt { get; init; }
    public long[]? Departments { get; init; }
}

/// The opening form: what was typed, and the departments this person may ask (Company: the whole company as well).
public sealed record RoundFormView(RoundInput Input, IReadOnlyList<Department> Departments, bool Company);

public sealed record IdeaInput(string? Title, string? Body);

/// Closing a round: the outcome post's title and text, and the ideas it chooses.
public sealed record OutcomeInput
{
    public string? Title { get; init; }
    public string? Text { get; init; }
    public long[]? Chosen { get; init; }
}

public sealed record RoundRow
{
    public long PostId { get; init; }
    public long OpenerId { get; init; }
    public string Question { get; init; } = "";
    public DateTimeOffset ClosesAt { get; init; }
    public string ClosesZone { get; init; } = "";
    public long? OutcomePostId { get; init; }
    public string? OutcomeTitle { get; init; }
    public long? DepartmentId { get; init; }
    public bool Listed { get; init; }

    public bool IsClosed(DateTimeOffset now) => ClosesAt <= now;
}

public sealed record IdeaRow
{
    public long Id { get; init; }
    public long RoundId { get; init; }
    public long AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public int Supports { get; init; }
    public bool Chosen { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// One idea on the round's page, for one viewer. Supported: the viewer supports it; MaySupport: they may support or
/// take back (in the audience, the round open, not their own); MayWithdraw: its author while the round is open, and admins.
public sealed record IdeaView(IdeaRow Idea, int Rank, bool Supported, bool MaySupport, bool MayWithdraw);

/// The round on its post's page, for one viewer. Audience: the departments asked (empty: the company); InAudience:
/// the viewer may bring in ideas and support; MayClose: the viewer may publish the outcome now.
public sealed record RoundView(
    RoundRow Round, IReadOnlyList<string> Audience, bool InAudience, bool Closed, IReadOnlyList<IdeaView> Ideas, int MyIdeas, bool MayClose)
{
    public int Supporters { get; init; }
}

/// The outcome form: the round, its ranking, and what was typed.
public sealed record OutcomeView(RoundRow Round, IReadOnlyList<IdeaRow> Ideas, OutcomeInput Input);

/// A refused idea: the form again, with what was typed (the errors are in ModelState).
public sealed record IdeaRefusedView(long RoundId, IdeaInput Input);

/// The list of rounds: open ones first (closing soonest first), then the closed ones (newest first).
public sealed record RoundListView(IReadOnlyList<RoundListItem> Open, IReadOnlyList<RoundListItem> Closed, bool MayOpen);

public sealed record RoundListItem
{
    public long PostId { get; init; }
    public string Question { get; init; } = "";
    public DateTimeOffset ClosesAt { get; init; }
    public string ClosesZone { get; init; } = "";
    public long? OutcomePostId { get; init; }
    public int IdeaCount { get; init; }
    public string OpenerName { get; init; } = "";
}

public enum IdeaStatus { Ok, NotFound, Forbidden, Invalid, Closed, NotAudience, TooMany }

public sealed record IdeaResult(IdeaStatus Status, long Id = 0, Infrastructure.Web.FieldErrors? Errors = null);
