using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Moderation;

/// The short list a report chooses from (the free text says the rest). The database checks the same values.
public static class ReportReasons
{
    public const string Spam = "spam";
    public const string Harassment = "harassment";
    public const string Confidential = "confidential";
    public const string False = "false";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Spam, Harassment, Confidential, False, Other];

    /// The words the report form and the queue show for a reason.
    public static string Label(string reason, IStringLocalizer t) => reason switch
    {
        Spam => t["Spam or advertising"],
        Harassment => t["Insulting or harassing"],
        Confidential => t["Confidential or personal data"],
        False => t["Misleading or false"],
        _ => t["Something else"],
    };
}

public static class ReportOutcomes
{
    public const string Dismissed = "dismissed";
    public const string Hidden = "hidden";
}

public static class ModerationLimits
{
    public const int Note = 1_000;
    public const int Reason = 1_000;
    public const int Answer = 2_000;
}

public sealed record ReportInput
{
    public string? Reason { get; init; }
    public string? Note { get; init; }
}

/// A post (CommentId null) or a comment that can be reported or moderated, as the moderator sees it.
public sealed record ModerationTarget
{
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public long AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    public string Excerpt { get; init; } = "";
    public long? DepartmentId { get; init; }
    public bool Deleted { get; init; }
    public bool Hidden { get; init; }

    public string Url => CommentId is { } c ? $"/posts/{PostId}#comment-{c}" : $"/posts/{PostId}";
}

/// One open report in the queue. Who reported is not shown: the moderator judges the words, not the reporter.
public sealed record OpenReport
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public string Reason { get; init; } = "";
    public string Note { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

/// What the queue shows per content: the content and the open reports on it.
public sealed record QueueItem(ModerationTarget Target, IReadOnlyList<OpenReport> Reports);

/// A person's own report with its outcome.
public sealed record MyReport
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public string Reason { get; init; } = "";
    public string Note { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string? Outcome { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string Excerpt { get; init; } = "";
}

/// A hiding that is in force: the reason the author is told, their answer, and who hid it.
public sealed record ModerationRow
{
    public long Id { get; init; }
    public long PostId { get; init; }
    public long? CommentId { get; init; }
    public long AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    public string Excerpt { get; init; } = "";
    public string Reason { get; init; } = "";
    public string HiddenByName { get; init; } = "";
    public DateTimeOffset HiddenAt { get; init; }
    public string? Answer { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }

    public string Url => CommentId is { } c ? $"/posts/{PostId}#comment-{c}" : $"/posts/{PostId}";
}

public sealed record QueueView(IReadOnlyList<QueueItem> Open, IReadOnlyList<ModerationRow> Hidden);

public sealed record ReportFormView(ModerationTarget Target, ReportInput Input);

public sealed record HideFormView(ModerationTarget Target, string? Reason);
