using Intranet.Blog.Features.People;

namespace Intranet.Blog.Tests.Unit.People;

public sealed class OrgTreeTests
{
    private static PersonCard Person(long id, long? managerId, string name) => new() { Id = id, ManagerId = managerId, DisplayName = name };

    [Test]
    public void People_nest_under_their_managers_in_the_given_order()
    {
        var tree = DirectoryQuery.BuildTree([Person(1, null, "Anna"), Person(3, 1, "Bea"), Person(2, 1, "Carl"), Person(4, 2, "Dora")]);

        Assert.That(tree.Select(n => n.Person.Id), Is.EqualTo(new[] { 1L }));
        Assert.That(tree[0].Reports.Select(n => n.Person.Id), Is.EqualTo(new[] { 3L, 2L }));
        Assert.That(tree[0].Reports[1].Reports.Single().Person.Id, Is.EqualTo(4));
    }

    [Test]
    public void Someone_whose_manager_is_not_listed_becomes_a_root()
    {
        var tree = DirectoryQuery.BuildTree([Person(1, null, "Anna"), Person(5, 99, "Emil")]);
        Assert.That(tree.Select(n => n.Person.Id), Is.EqualTo(new[] { 1L, 5L }));
    }

    [Test]
    public void A_cycle_without_a_root_does_not_loop()
    {
        var tree = DirectoryQuery.BuildTree([Person(1, null, "Anna"), Person(2, 3, "Bea"), Person(3, 2, "Carl")]);
        Assert.That(tree.Select(n => n.Person.Id), Is.EqualTo(new[] { 1L }), "a cycle has no root; the admin screens refuse to create one");
    }
}
