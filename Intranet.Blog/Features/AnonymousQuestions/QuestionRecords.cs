namespace Intranet.Blog.Features.AnonymousQuestions;

public static class QuestionLimits
{
    public const int Body = 2000;
    public const int Reason = 500;

    /// Questions one person may send a day: enough for anyone with something to ask, too few to flood the queue.
    public const int PerDay = 3;

    public const string BodyField = "Your question";
    public const string ReasonField = "Reason";
}

public static class QuestionStatus
{
    public const string Waiting = "waiting";
    public const string Released = "released";
    public const string Declined = "declined";
}

public sealed record AskInput(string? Body);

public sealed record DeclineInput(string? Reason);

public sealed record QuestionRow
{
    public long Id { get; init; }
    public string Body { get; init; } = "";
    public string Status { get; init; } = "";
    public string? DeclineReason { get; init; }
    public long? PostId { get; init; }
    public string? DecidedByName { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
}

/// The asker's private page: their question and what became of it.
public sealed record QuestionStatusView(QuestionRow Question, string Link);

/// The moderators' queue: what waits (oldest first) and the latest decisions, with who took them.
public sealed record QuestionQueueView(IReadOnlyList<QuestionRow> Waiting, IReadOnlyList<QuestionRow> Decided)
{
    /// The question whose decline was refused, with what was typed, to show the refusal at its form.
    public long? RefusedId { get; init; }
    public string? RefusedReason { get; init; }
}

public enum QuestionOutcome { Ok, Invalid, NotFound, Forbidden, Decided, TooMany }
