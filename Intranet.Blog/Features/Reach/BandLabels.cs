using Microsoft.Extensions.Localization;

namespace Intranet.Blog.Features.Reach;

/// The names of hierarchy bands with the levels they cover (settings Intranet:LeadershipUpToLevel and
/// ManagementUpToLevel), for the reach funnel and the dashboard.
public static class BandLabels
{
    public static string Of(int band, int leadershipUpTo, int managementUpTo, IStringLocalizer t) => band switch
    {
        0 when leadershipUpTo == 1 => t["Leadership (level 1)"],
        0 => t["Leadership (levels 1–{0})", leadershipUpTo],
        1 when managementUpTo == leadershipUpTo + 1 => t["Middle management (level {0})", managementUpTo],
        1 => t["Middle management (levels {0}–{1})", leadershipUpTo + 1, managementUpTo],
        _ => t["Staff (level {0} and below)", managementUpTo + 1],
    };

    /// The band's name without its levels, for the dashboard's matrix (its legend gives the levels).
    public static string Short(int first, int last, IStringLocalizer t) =>
        string.Join(" + ", Enumerable.Range(first, last - first + 1).Select(b => b switch { 0 => t["Leadership"].Value, 1 => t["Middle management"].Value, _ => t["Staff"].Value }));

    /// A merged group of bands names every band it covers.
    public static string Of(int first, int last, int leadershipUpTo, int managementUpTo, IStringLocalizer t) =>
        string.Join(" + ", Enumerable.Range(first, last - first + 1).Select(b => Of(b, leadershipUpTo, managementUpTo, t)));
}
