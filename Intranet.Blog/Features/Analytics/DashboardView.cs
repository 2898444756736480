using Intranet.Blog.Features.Questions;
using Intranet.Blog.Features.Topics;

namespace Intranet.Blog.Features.Analytics;

public sealed record DashboardView
{
    public required DashboardPeriod Period { get; init; }
    public bool Company { get; init; }
    /// The rollup began counting after the period started: its figures start on this day.
    public DateOnly? CountedSince { get; init; }
    public required ActiveFigures Active { get; init; }
    public required ActiveFigures PreviousActive { get; init; }
    public IReadOnlyList<double?> ActiveTrend { get; init; } = [];
    /// Per week of the trend.
    public IReadOnlyList<ContentRow> Content { get; init; } = [];
    public required ContentRow Totals { get; init; }
    public required ContentRow PreviousTotals { get; init; }
    /// Hierarchy band groups (first band, last band) after merging bands under five; top first.
    public IReadOnlyList<(int First, int Last)> Bands { get; init; } = [];
    /// Comments per writer group (rows) and post author group (columns).
    public int[][] Matrix { get; init; } = [];
    public double? FarShare { get; init; }
    public double? PreviousFarShare { get; init; }
    public IReadOnlyList<double?> FarTrend { get; init; } = [];
    /// Company view only, and only when leadership and staff are separate groups.
    public LeadershipAnswers? LeadershipAnswers { get; init; }
    public required ResponseFiguresByDepartment Responses { get; init; }
    public required MonthFigures PreviousResponses { get; init; }
    public IReadOnlyList<TopicGrowth> Topics { get; init; } = [];
    public required MustReadFigures MustRead { get; init; }
    /// Null: the organisation switched the list off.
    public IReadOnlyList<HelpfulDepartment>? Helpful { get; init; }
    public int LeadershipUpTo { get; init; }
    public int ManagementUpTo { get; init; }
}

public sealed record ActiveRow(string? Department, bool IsOthers, int Accounts, double Active)
{
    /// An influencer's own department of fewer than five: no figure.
    public bool TooFew { get; init; }
    public double? Share => TooFew || Accounts == 0 ? null : 100.0 * Active / Accounts;
}

public sealed record ActiveFigures(IReadOnlyList<ActiveRow> Rows, ActiveRow? Total, bool Suppressed);

public sealed record ContentRow(DateOnly Week, int Articles, int Microposts, int Guides, int Comments, int Reactions)
{
    public int Posts => Articles + Microposts + Guides;
}

public sealed record LeadershipAnswers(int StaffComments, double? AnsweredShare);

public sealed record ResponseFiguresByDepartment(IReadOnlyList<(string Name, MonthFigures Figures)> Rows, MonthFigures Total);

public sealed record TopicGrowth(TrendingTopic Topic, int Before);

public sealed record MustReadFigures(int Published, double? Completion, IReadOnlyList<double?> Trend);

public sealed record HelpfulPerson(long Id, string Name);

public sealed record HelpfulDepartment(string Department, IReadOnlyList<HelpfulPerson> People);
