using Intranet.Blog.Features.Reach;

namespace Intranet.Blog.Features.Analytics;

/// Keeps every figure on the dashboard about five people or more (ReachFunnel.SmallestGroup), the way the reach funnel
/// does: small departments are counted together, small hierarchy bands merge with the next.
public static class SmallGroups
{
    /// A shown row: one department (Id), or "other departments" (Id null) covering Members.
    public sealed record Group(long? Id, IReadOnlyList<long> Members, int Size);

    /// Departments (id 0: none) by their number of people: those under five go to "others"; while "others" is under
    /// five, the smallest named department joins it, so no row follows from the total minus the rest. Empty when not
    /// even that reaches five. Largest first, "others" last.
    public static IReadOnlyList<Group> Departments(IReadOnlyDictionary<long, int> sizes)
    {
        var named = sizes.Where(d => d.Key != 0 && d.Value >= ReachFunnel.SmallestGroup).OrderByDescending(d => d.Value).ThenBy(d => d.Key).ToList();
        var others = sizes.Where(d => d.Key == 0 || d.Value < ReachFunnel.SmallestGroup).Where(d => d.Value > 0).Select(d => d.Key).ToList();
        int OthersSize() => others.Sum(sizes.GetValueOrDefault);
        while (OthersSize() is > 0 and < ReachFunnel.SmallestGroup && named.Count > 0)
        {
            others.Add(named[^1].Key);
            named.RemoveAt(named.Count - 1);
        }

        if (OthersSize() is > 0 and < ReachFunnel.SmallestGroup)
        {
            return [];
        }

        List<Group> rows = [.. named.Select(d => new Group(d.Key, [d.Key], d.Value))];
        if (OthersSize() > 0)
        {
            rows.Add(new Group(null, others, OthersSize()));
        }

        return rows;
    }

    /// Hierarchy bands (top first) by their number of people: a band under five merges with the next lower one, the
    /// lowest with the one above. Each group is (first band, last band). Empty when all together are under five.
    public static IReadOnlyList<(int First, int Last)> Bands(IReadOnlyList<int> sizes)
    {
        var groups = new List<(int First, int Last)>();
        var first = 0;
        var pending = 0;
        for (var band = 0; band < sizes.Count; band++)
        {
            pending += sizes[band];
            if (pending >= ReachFunnel.SmallestGroup)
            {
                groups.Add((first, band));
                first = band + 1;
                pending = 0;
            }
        }

        if (first < sizes.Count && groups.Count > 0)
        {
            groups[^1] = (groups[^1].First, sizes.Count - 1);
        }

        return groups;
    }
}
