using Intranet.Blog.Features.People;

namespace Intranet.Blog.Features.Announcements;

/// The announcement part of the article form (names "announcement.*"); only executives and admins see and may send it.
public sealed record AnnouncementInput
{
    public bool Announce { get; init; }
    /// "company" or "departments".
    public string? Audience { get; init; }
    public long[]? DepartmentIds { get; init; }
    public bool MustRead { get; init; }
    /// Dates as the date field sends them (yyyy-MM-dd), in the author's time zone.
    public string? Due { get; init; }
    public string? Ends { get; init; }
}

/// What publishing writes, validated: the departments chosen, when the must-read is due and when it leaves the feed's top.
public sealed record AnnouncementPlan(bool WholeCompany, IReadOnlyList<long> DepartmentIds, bool MustRead, DateOnly? DueOn, DateTimeOffset? DueAt, DateTimeOffset? EndsAt);

public sealed record Announcement
{
    public long PostId { get; init; }
    public long AuthorId { get; init; }
    public bool WholeCompany { get; init; }
    public bool MustRead { get; init; }
    /// The due date as the author chose it (yyyy-MM-dd, their time zone); DueAt is the start of that day.
    public string? DueOn { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public int Round { get; init; }
    public DateTimeOffset? RemindedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public string? Due => AnnouncementTag.DueDate(DueOn);
}

/// What a card shows of an announcement and what live.js needs to pin a card that arrives live: the same for every
/// viewer. Departments: the ids addressed at publishing, sub-departments included, comma-separated.
public sealed record AnnouncementTag
{
    public long PostId { get; init; }
    public bool WholeCompany { get; init; }
    public bool MustRead { get; init; }
    public string? DueOn { get; init; }
    public string Departments { get; init; } = "";

    /// The due date in the reader's culture's short form.
    public string? Due => DueDate(DueOn);

    public static string? DueDate(string? dueOn) =>
        dueOn is not null && DateOnly.TryParseExact(dueOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day.ToString("d", System.Globalization.CultureInfo.CurrentCulture) : null;
}

/// The must-read box on the post page, for one reader.
public sealed record MemoView(
    long PostId, long AuthorId, Announcement Announcement, bool Addressed, int CurrentVersion,
    int? AcknowledgedVersion, int? EarlierVersion, bool MaySeeProgress)
{
    public bool AcknowledgedNow => AcknowledgedVersion is not null;
}

public sealed record DepartmentProgress
{
    public long? DepartmentId { get; init; }
    public string? DepartmentName { get; init; }
    public int Total { get; init; }
    public int Acknowledged { get; init; }
    public int Opened { get; init; }

    /// The departments too small to be shown alone, counted together.
    public bool IsOthers { get; init; }
}

/// N of M overall and per department (the department each addressee was in at publishing); for must-reads also who
/// has not acknowledged yet. Only the author and admins see it.
public sealed record ProgressView(
    long PostId, string Title, Announcement Announcement, IReadOnlyList<DepartmentProgress> Departments,
    IReadOnlyList<PersonCard> Pending, bool MayRemind, DateTimeOffset? NextReminder)
{
    /// The reminder just sent, or refused because one went out less than a day ago.
    public bool JustReminded { get; init; }
    public bool TooSoon { get; init; }

    /// The overall counts; Departments may show fewer rows than they add up from (see AnnouncementService.ProgressAsync).
    public int Total { get; init; } = Departments.Sum(d => d.Total);
    public int Acknowledged { get; init; } = Departments.Sum(d => d.Acknowledged);
    public int Opened { get; init; } = Departments.Sum(d => d.Opened);

    /// An ordinary announcement to fewer than five people shows no opened count at all: "1 of 1" would say who read it.
    public bool OpenedHidden { get; init; }
}

/// One line of the evidence: an addressee and one of their acknowledgements (none: not acknowledged).
public sealed record EvidenceRow
{
    public long UserId { get; init; }
    public string DisplayName { get; init; } = "";
    public string Email { get; init; } = "";
    public string? DepartmentName { get; init; }
    public int? Round { get; init; }
    public int? Version { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
}

public enum RemindOutcome { Sent, TooSoon, NotMustRead }

/// A reader's row among the addressees: counted in the evidence (addressed at publishing), and whether they opened it.
public sealed record RecipientState
{
    public bool Counted { get; init; }
    public bool Opened { get; init; }
}
