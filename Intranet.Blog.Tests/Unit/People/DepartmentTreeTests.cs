using Intranet.Blog.Features.People;

namespace Intranet.Blog.Tests.Unit.People;

public sealed class DepartmentTreeTests
{
    private static Department D(long id, string name, long? parent = null) => new() { Id = id, Name = name, ParentId = parent };

    [Test]
    public void Each_parent_comes_before_its_children_and_siblings_go_by_name()
    {
        var ordered = DepartmentTree.Order([D(1, "Vertrieb", 3), D(2, "Außendienst", 1), D(3, "Geschäftsführung"), D(4, "Innendienst", 1), D(5, "Archiv")]);

        Assert.That(ordered.Select(d => (d.Name, d.Depth)), Is.EqualTo(new[]
        {
            ("Archiv", 0), ("Geschäftsführung", 0), ("Vertrieb", 1), ("Außendienst", 2), ("Innendienst", 2),
        }));
    }

    [Test]
    public void A_department_on_a_cycle_or_under_an_unknown_parent_is_still_listed()
    {
        var ordered = DepartmentTree.Order([D(1, "A", 2), D(2, "B", 1), D(3, "C", 99)]);

        Assert.That(ordered.Select(d => d.Id), Is.EquivalentTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void The_indented_name_shows_the_depth()
    {
        Assert.That(new Department { Name = "Team", Depth = 2 }.Indented, Is.EqualTo("\u2003\u2003Team"));
    }
}
