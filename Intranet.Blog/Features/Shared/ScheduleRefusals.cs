using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Shared;

/// Why a scheduled draft could not be published at its time. Stored as a code (drafts.refused_reason), not as a
/// sentence: the author and the bell read it in the language they choose when they read it, not the one the background
/// publisher happened to run in. Drafts writes the code; its list and the notification list show the sentence.
public static class ScheduleRefusals
{
    public const string AuthorInactive = "author_inactive";
    public const string MayNotAnnounce = "may_not_announce";
    public const string DuePassed = "due_passed";
    public const string EndPassed = "end_passed";
    public const string DepartmentGone = "department_gone";
    public const string Refused = "refused";

    /// The code for the errors publishing answered with; the first that explains most wins.
    public static string Of(IReadOnlyDictionary<string, string>? errors) => errors switch
    {
        null => Refused,
        _ when errors.ContainsKey("Announcement") => MayNotAnnounce,
        _ when errors.ContainsKey("DepartmentId") || errors.ContainsKey("Announcement.DepartmentIds") => DepartmentGone,
        _ when errors.ContainsKey("Announcement.Due") => DuePassed,
        _ when errors.ContainsKey("Announcement.Ends") => EndPassed,
        _ => Refused,
    };

    public static string Sentence(string? code, IStringLocalizer t) => code switch
    {
        AuthorInactive => t["Its author's account is deactivated."],
        MayNotAnnounce => t["Only executives and admins may publish announcements, and its author no longer is one."],
        DuePassed => t["The must-read's due date lay before its publishing time."],
        EndPassed => t["The announcement's end date lay before its publishing time."],
        DepartmentGone => t["A department it was addressed to no longer exists."],
        _ => t["Publishing refused it; open it and publish it to see why."],
    };
}
