namespace Intranet.Blog.Features.Reach;

/// How the funnel counts people into groups and keeps every group at five people or more. Pure, so the suppression
/// rules are tested without a database.
public static class ReachFunnel
{
    /// Fewest people a row of the funnel may describe (DESIGN: every analytics cut has at least five).
    public const int SmallestGroup = 5;

    /// Hierarchy bands, top first. Which levels fall into which is Intranet:LeadershipUpToLevel / ManagementUpToLevel.
    public static int BandOf(int level, int leadershipUpTo, int managementUpTo) =>
        level <= leadershipUpTo ? 0 : level <= managementUpTo ? 1 : 2;

    public const int Bands = 3;

    /// Counts per group key. People outside the audience (the author, someone who was not addressed) count nowhere
    /// but in "opened", which is counted when the open happens and cannot be taken apart again.
    public static Dictionary<long, Tally> Count(FunnelInput input, Func<long?, int, long> key)
    {
        var tallies = new Dictionary<long, Tally>();
        Tally At(long k) => tallies.TryGetValue(k, out var t) ? t : tallies[k] = new Tally();
        var audience = new HashSet<long>();
        foreach (var person in input.Audience)
        {
            audience.Add(person.UserId);
            At(key(person.DepartmentId, person.Level)).Audience++;
        }

        void Each(IEnumerable<long> people, Action<Tally> add)
        {
            foreach (var id in people.Distinct())
            {
                if (audience.Contains(id) && input.Places.TryGetValue(id, out var place))
                {
                    add(At(key(place.DepartmentId, place.Level)));
                }
            }
        }

        Each(input.Notified, t => t.Notified++);
        Each(input.Engaged, t => t.Engaged++);
        Each(input.Acknowledged, t => t.Acknowledged++);
        foreach (var cell in input.Opened)
        {
            var t = At(key(cell.DepartmentId == 0 ? null : cell.DepartmentId, cell.Level));
            t.Opened += cell.Opened;
            if (cell.Span <= 1) { t.OpenedHour += cell.Opened; }
            if (cell.Span <= 2) { t.OpenedDay += cell.Opened; }
            if (cell.Span <= 3) { t.OpenedWeek += cell.Opened; }
        }

        return tallies;
    }

    /// Departments with fewer than five in the audience are counted together as "other departments"; while those are
    /// fewer than five, the smallest named department joins them, so no row can be worked out by subtracting the
    /// others from the total. Keys are department ids (0: none). Largest first.
    public static List<(long? DepartmentId, Tally Tally)> Departments(Dictionary<long, Tally> byDepartment)
    {
        var named = byDepartment.Where(d => d.Key != 0 && d.Value.Audience >= SmallestGroup).OrderByDescending(d => d.Value.Audience).ThenBy(d => d.Key).ToList();
        var others = new Tally();
        foreach (var small in byDepartment.Where(d => d.Key == 0 || d.Value.Audience < SmallestGroup))
        {
            others.Add(small.Value);
        }

        while (others.Audience is > 0 and < SmallestGroup && named.Count > 0)
        {
            others.Add(named[^1].Value);
            named.RemoveAt(named.Count - 1);
        }

        if (others.Audience is > 0 and < SmallestGroup || others.Audience == 0 && others.Opened > 0 && named.Count == 0)
        {
            return [];
        }

        List<(long?, Tally)> rows = [.. named.Select(d => ((long?)d.Key, d.Value))];
        if (others.Audience > 0 || others.Opened > 0)
        {
            rows.Add((null, others));
        }

        return rows;
    }

    /// Bands with fewer than five in the audience merge with the next lower band (the lowest with the one above), so
    /// no figure describes one executive. Each row says which bands it covers (first, last).
    public static List<(int First, int Last, Tally Tally)> Bands3(Dictionary<long, Tally> byBand)
    {
        var rows = new List<(int First, int Last, Tally Tally)>();
        var pending = new Tally();
        var first = 0;
        for (var band = 0; band < Bands; band++)
        {
            if (byBand.TryGetValue(band, out var t))
            {
                pending.Add(t);
            }

            if (pending.Audience >= SmallestGroup)
            {
                rows.Add((first, band, pending));
                pending = new Tally();
                first = band + 1;
            }
        }

        if (pending.Audience > 0 || pending.Opened > 0)
        {
            if (rows.Count == 0)
            {
                return [];
            }

            var (lastFirst, _, lastTally) = rows[^1];
            lastTally.Add(pending);
            rows[^1] = (lastFirst, Bands - 1, lastTally);
        }

        return rows;
    }

    /// Departments and bands shown side by side would let someone watching the page work out the cell where they
    /// cross: when one person opens the post, their department's row and their band's row each move by one, and a
    /// department with a single executive names them. So both are shown only when every crossing of a shown
    /// department (or "others") with a shown band holds no one or at least five people; a table of one row crosses
    /// nothing.
    public static bool CrossingsAreSafe(IReadOnlyList<AudienceMember> audience, IReadOnlyList<long?> shownDepartments,
        IReadOnlyList<(int First, int Last)> shownBands, Func<int, int> bandOf)
    {
        if (shownDepartments.Count < 2 || shownBands.Count < 2)
        {
            return true;
        }

        var named = shownDepartments.OfType<long>().ToHashSet();
        var cells = audience
            .GroupBy(a => (Department: a.DepartmentId is { } d && named.Contains(d) ? d : (long?)null,
                Band: shownBands.ToList().FindIndex(b => b.First <= bandOf(a.Level) && bandOf(a.Level) <= b.Last)))
            .Select(g => g.Count());
        return cells.All(n => n >= SmallestGroup);
    }

    public static double? Median(IReadOnlyList<int> samples)
    {
        if (samples.Count < SmallestGroup)
        {
            return null;
        }

        var sorted = samples.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}

/// The funnel's stages for one group of people.
public sealed class Tally
{
    public int Audience { get; set; }
    public int Notified { get; set; }
    public int OpenedHour { get; set; }
    public int OpenedDay { get; set; }
    public int OpenedWeek { get; set; }
    public int Opened { get; set; }
    public int Engaged { get; set; }
    public int Acknowledged { get; set; }

    public void Add(Tally other)
    {
        Audience += other.Audience;
        Notified += other.Notified;
        OpenedHour += other.OpenedHour;
        OpenedDay += other.OpenedDay;
        OpenedWeek += other.OpenedWeek;
        Opened += other.Opened;
        Engaged += other.Engaged;
        Acknowledged += other.Acknowledged;
    }
}

public sealed record AudienceMember(long UserId, long? DepartmentId, int Level);

public sealed record FunnelInput(
    IReadOnlyList<AudienceMember> Audience,
    IReadOnlyDictionary<long, People.OrgPlace> Places,
    IReadOnlyList<long> Notified,
    IReadOnlyList<long> Engaged,
    IReadOnlyList<long> Acknowledged,
    IReadOnlyList<Posts.OpenCount> Opened);
