namespace Intranet.Blog.Features.People;

/// A department as lists show it. Depth is its place in the tree (0 at the top) when the list is in tree order.
public sealed record Department
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public long? ParentId { get; init; }
    public int PeopleCount { get; init; }
    public int Depth { get; init; }

    /// The name indented by its depth, for a select's options (an option cannot hold markup).
    public string Indented => new string('\u2003', Depth) + Name;
}

/// One department with what its page shows of it. HeadId is the head everyone sees (NamedHeadId, or by default the
/// highest-level active person of the department); null only for a department without active people.
public sealed record DepartmentDetail
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public long? ParentId { get; init; }
    public int PeopleCount { get; init; }
    public long? NamedHeadId { get; init; }
    public long? HeadId { get; init; }
    public string DescriptionMd { get; init; } = "";
    public string DescriptionHtml { get; init; } = "";
}

/// Tree order from a flat list: each department before its children, siblings by name. A department whose parent is
/// missing or lies on a cycle (only a damaged database has one) is listed at the top, so nothing disappears.
public static class DepartmentTree
{
    public static IReadOnlyList<Department> Order(IReadOnlyList<Department> all)
    {
        var byParent = all.ToLookup(d => d.ParentId);
        var ids = all.Select(d => d.Id).ToHashSet();
        var ordered = new List<Department>(all.Count);
        var placed = new HashSet<long>();

        void Visit(Department department, int depth)
        {
            if (!placed.Add(department.Id))
            {
                return;
            }

            ordered.Add(department with { Depth = depth });
            foreach (var child in byParent[department.Id].OrderBy(c => c.Name, StringComparer.CurrentCultureIgnoreCase))
            {
                Visit(child, Math.Min(depth + 1, DepartmentStore.MaxDepth));
            }
        }

        foreach (var root in all.Where(d => d.ParentId is not { } p || !ids.Contains(p)).OrderBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            Visit(root, 0);
        }

        // Whatever is left sits on a cycle: shown at the top rather than lost.
        foreach (var rest in all.Where(d => !placed.Contains(d.Id)).OrderBy(d => d.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            Visit(rest, 0);
        }

        return ordered;
    }
}
