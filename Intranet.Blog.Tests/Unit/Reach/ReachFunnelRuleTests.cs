using Intranet.Blog.Features.Reach;

namespace Intranet.Blog.Tests.Unit.Reach;

/// The funnel's smallest-group rules on hand-made groups: every row shown has at least five people, and no row can be
/// worked out from the total and the others.
public sealed class ReachFunnelRuleTests
{
    private static Dictionary<long, Tally> Groups(params (long Key, int Audience, int Opened)[] groups) =>
        groups.ToDictionary(g => g.Key, g => new Tally { Audience = g.Audience, Opened = g.Opened });

    [Test]
    public void Departments_of_five_or_more_are_shown_and_smaller_ones_are_others()
    {
        var rows = ReachFunnel.Departments(Groups((1, 12, 3), (2, 6, 1), (3, 3, 1), (4, 2, 0)));

        Assert.That(rows.Select(r => (r.DepartmentId, r.Tally.Audience, r.Tally.Opened)), Is.EqualTo(new (long?, int, int)[] { (1, 12, 3), (2, 6, 1), (null, 5, 1) }));
    }

    [Test]
    public void Others_under_five_take_in_the_smallest_shown_department_so_no_row_is_the_total_minus_the_rest()
    {
        var rows = ReachFunnel.Departments(Groups((1, 12, 3), (2, 6, 1), (3, 3, 1)));

        Assert.That(rows.Select(r => (r.DepartmentId, r.Tally.Audience)), Is.EqualTo(new (long?, int)[] { (1, 12), (null, 9) }));
    }

    [Test]
    public void Nothing_is_shown_when_even_all_departments_together_stay_under_five()
    {
        Assert.That(ReachFunnel.Departments(Groups((3, 3, 1), (0, 1, 0))), Is.Empty);
    }

    [Test]
    public void People_without_a_department_are_never_a_row_of_their_own()
    {
        var rows = ReachFunnel.Departments(Groups((1, 8, 0), (0, 6, 2)));

        Assert.That(rows.Select(r => (r.DepartmentId, r.Tally.Audience)), Is.EqualTo(new (long?, int)[] { (1, 8), (null, 6) }));
    }

    [Test]
    public void A_single_executive_merges_into_middle_management()
    {
        var rows = ReachFunnel.Bands3(Groups((0, 1, 1), (1, 6, 0), (2, 40, 10)));

        Assert.That(rows.Select(r => (r.First, r.Last, r.Tally.Audience, r.Tally.Opened)), Is.EqualTo(new[] { (0, 1, 7, 1), (2, 2, 40, 10) }));
    }

    [Test]
    public void A_lowest_band_under_five_merges_upwards()
    {
        var rows = ReachFunnel.Bands3(Groups((0, 5, 0), (1, 6, 0), (2, 2, 1)));

        Assert.That(rows.Select(r => (r.First, r.Last, r.Tally.Audience)), Is.EqualTo(new[] { (0, 0, 5), (1, 2, 8) }));
    }

    [Test]
    public void Crossings_of_departments_and_bands_under_five_hide_the_bands()
    {
        AudienceMember[] audience =
        [
            new(1, 10, 1), .. Enumerable.Range(2, 9).Select(i => new AudienceMember(i, 10, 3)),
            .. Enumerable.Range(20, 5).Select(i => new AudienceMember(i, 20, 1)), .. Enumerable.Range(30, 5).Select(i => new AudienceMember(i, 20, 3)),
        ];
        (int, int)[] bands = [(0, 1), (2, 2)];
        static int BandOf(int level) => ReachFunnel.BandOf(level, 2, 2);

        Assert.That(ReachFunnel.CrossingsAreSafe(audience, [10, 20], bands, BandOf), Is.False, "department 10 has one leader");
        Assert.That(ReachFunnel.CrossingsAreSafe(audience[1..], [10, 20], bands, BandOf), Is.True, "without them every crossing is 0, 5 or 9");
        Assert.That(ReachFunnel.CrossingsAreSafe(audience, [null], bands, BandOf), Is.True, "one department row crosses nothing");
    }

    [Test]
    public void The_median_needs_five_samples()
    {
        Assert.That(ReachFunnel.Median([3, 1, 2, 9]), Is.Null);
        Assert.That(ReachFunnel.Median([5, 1, 3, 2, 4]), Is.EqualTo(3));
        Assert.That(ReachFunnel.Median([0, 1, 1, 2, 3, 5]), Is.EqualTo(1.5));
    }
}
