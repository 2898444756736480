using Intranet.Blog.Infrastructure.Auth;

namespace Intranet.Blog.Features.Drafts;

public static class DraftLimits
{
    /// Drafts one person keeps at most: autosave creates one per new article, so a runaway script cannot fill the disk.
    public const int PerAuthor = 200;

    /// The "My drafts" list shows this many.
    public const int Listed = 200;

    public const int CoAuthors = 10;
    public const int CoAuthorsText = Posts.DraftFields.CoAuthorsLength;

    /// How far ahead a post can be scheduled: beyond a year nobody remembers it is coming.
    public const int MaxScheduleDays = 366;
}

/// A draft as its author or a co-author sees it. PublishAt set: scheduled. AuthorRole and AuthorActive only from DueAsync.
public sealed record DraftRow
{
    public long Id { get; init; }
    public long AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    public string Title { get; init; } = "";
    public string BodyMd { get; init; } = "";
    public long? DepartmentId { get; init; }
    public string? Announcement { get; init; }
    /// Published as a question (Features/Questions).
    public bool Question { get; init; }
    public DateTimeOffset? PublishAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedByName { get; init; } = "";
    /// Set when its schedule could not be kept (a ScheduleRefusals code) and the time it was scheduled for.
    public string? RefusedReason { get; init; }
    public DateTimeOffset? RefusedFor { get; init; }
    public string AuthorRole { get; init; } = Roles.Staff;
    public bool AuthorActive { get; init; }
    public IReadOnlyList<(long Id, string Handle)> CoAuthors { get; init; } = [];
}

/// What a save writes, checked for length and characters only: a draft may be unfinished.
public sealed record DraftContent(string Title, string BodyMd, long? DepartmentId, string? Announcement, bool Question);

/// The draft-only fields of the editor: co-authors as @handles, and the publishing time as the datetime-local field
/// sends it (yyyy-MM-ddTHH:mm, in the author's time zone).
public sealed record DraftInput
{
    public string? CoAuthors { get; init; }
    public string? PublishAt { get; init; }
}

/// What a save answers a script: where the draft now lives, so a new article's page turns into the draft's.
public sealed record DraftSaved(long Id, string EditUrl, string SaveUrl, string ScheduleUrl, string PublishUrl, DateTimeOffset SavedAt);

/// One line of "My drafts". Mine: the viewer wrote it (else they help with it). PublishAtText: the time in the viewer's
/// zone; RefusedForText: the time a failed schedule was for, in the viewer's zone.
public sealed record DraftListItem(DraftRow Draft, bool Mine, string? PublishAtText, string? RefusedForText = null);

public sealed record DraftsView(IReadOnlyList<DraftListItem> Scheduled, IReadOnlyList<DraftListItem> Drafts, string TimeZone);
