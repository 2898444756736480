using Intranet.Blog.Features.CompanyDirectory;
using Intranet.Blog.Features.People;

namespace Intranet.Blog.Tests.Unit.CompanyDirectory;

public sealed class DirectoryPlannerTests
{
    private static DirectoryPerson Entry(string id, string mail, string? manager = null, string name = "Name", string department = "") =>
        new(id, $"uid={id},ou=people,dc=x", mail, name, "", department, manager is null ? null : $"uid={manager},ou=people,dc=x", null);

    private static DirectorySnapshot Snapshot(params DirectoryPerson[] people) => new(people, [], new Dictionary<string, string>(), []);

    private static DirectoryRow Row(long id, string mail, string? directoryId = null, bool active = true, bool left = false) =>
        new() { Id = id, Email = mail, DisplayName = "Name", Role = "Staff", IsActive = active, DirectoryId = directoryId, DirectoryLeftAt = left ? DateTimeOffset.UnixEpoch : null };

    [Test]
    public void A_manager_loop_in_the_directory_is_a_problem_naming_everyone_on_it()
    {
        var (plan, _) = DirectoryPlanner.Plan(Snapshot(Entry("a", "a@x.test", "b"), Entry("b", "b@x.test", "c"), Entry("c", "c@x.test", "a"), Entry("d", "d@x.test", "a")), [], [], false);
        Assert.That(plan.Problems, Has.Count.EqualTo(1));
        Assert.That(string.Join(",", plan.Problems[0].Args), Does.Contain("uid=a").And.Contain("uid=b").And.Contain("uid=c").And.Not.Contain("uid=d"));
    }

    [Test]
    public void An_address_held_by_another_linked_person_is_a_problem_but_a_local_account_is_linked()
    {
        var rows = new[] { Row(1, "taken@x.test", directoryId: "other"), Row(2, "local@x.test") };
        var (plan, _) = DirectoryPlanner.Plan(Snapshot(Entry("other", "new@x.test"), Entry("n", "TAKEN@x.test"), Entry("l", "local@x.test")), rows, [], false);
        Assert.That(plan.Problems.Select(p => p.Message), Has.Some.Contains("belongs to another person from the directory"));
        Assert.That(plan.Changed.Single(p => p.PersonId == 2).Changes, Has.Some.EqualTo(("link", "Name (local@x.test)")));
    }

    [Test]
    public void Text_longer_than_the_apps_fields_is_cut_and_an_entry_without_a_usable_address_is_a_problem()
    {
        var (plan, matches) = DirectoryPlanner.Plan(Snapshot(Entry("a", "a@x.test", name: new string('N', 300), department: new string('D', 300)), Entry("b", "not an address")), [], [], false);
        Assert.That(matches.Single().Target.Name, Has.Length.EqualTo(64).And.EndsWith("…"));
        Assert.That(plan.NewDepartments.Single(), Has.Length.EqualTo(80));
        Assert.That(plan.Problems.Single().Message, Does.Contain("not an e-mail address"));
    }

    [Test]
    public void Only_linked_active_people_missing_from_the_directory_leave_and_only_those_the_sync_deactivated_come_back()
    {
        var rows = new[]
        {
            Row(1, "gone@x.test", directoryId: "gone"), Row(2, "local@x.test"), Row(3, "left@x.test", directoryId: "left", active: false, left: true),
            Row(4, "admin-off@x.test", directoryId: "off", active: false),
        };
        var (plan, _) = DirectoryPlanner.Plan(Snapshot(Entry("left", "left@x.test"), Entry("off", "admin-off@x.test")), rows, [], false);
        Assert.That(plan.Leaving.Select(p => p.PersonId), Is.EqualTo(new long?[] { 1 }));
        Assert.That(plan.Returning.Select(p => p.PersonId), Is.EqualTo(new long?[] { 3 }));
        Assert.That(plan.Linked, Is.EqualTo(1));
    }

    [Test]
    public void The_fingerprint_changes_with_the_plan_and_only_with_it()
    {
        var departments = new[] { new Department { Id = 1, Name = "IT" } };
        var one = DirectoryPlanner.Plan(Snapshot(Entry("a", "a@x.test", department: "IT")), [], departments, false).Plan;
        var same = DirectoryPlanner.Plan(Snapshot(Entry("a", "a@x.test", department: "IT")), [], departments, false).Plan;
        var other = DirectoryPlanner.Plan(Snapshot(Entry("a", "a@x.test", department: "Vertrieb")), [], departments, false).Plan;
        Assert.That(one.Fingerprint(), Is.EqualTo(same.Fingerprint()).And.Not.EqualTo(other.Fingerprint()));
    }

    [Test]
    public void The_sync_leaves_a_break_glass_admin_alone_linked_or_not()
    {
        var rows = new[] { Row(1, "Admin@x.test"), Row(2, "bg2@x.test", directoryId: "gone") };
        var (plan, matches) = DirectoryPlanner.Plan(Snapshot(Entry("a", "admin@x.test")), rows, [], false, ["admin@x.test", "bg2@x.test"]);
        Assert.That(plan.Problems, Is.Empty);
        Assert.That(matches, Is.Empty, "not taken over by its address");
        Assert.That(plan.Leaving, Is.Empty, "not deactivated when its entry is gone");
        Assert.That(plan.Skipped, Does.Contain("uid=a,ou=people,dc=x"));
    }

    [Test]
    public void Units_of_one_name_in_two_places_are_a_problem()
    {
        var snapshot = new DirectorySnapshot([], [new DirectoryUnit("Alpha", null), new DirectoryUnit("Alpha", "Beta"), new DirectoryUnit("Beta", null)], new Dictionary<string, string>(), []);
        Assert.That(DirectoryPlanner.Plan(snapshot, [], [], false).Plan.Problems.Single().Message, Does.Contain("organisational units"));
    }

    [TestCase("a*b", @"a\2ab")]
    [TestCase("(uid=*)", @"\28uid=\2a\29")]
    [TestCase(@"back\slash", @"back\5cslash")]
    [TestCase("nul\0", @"nul\00")]
    public void Filter_values_are_escaped(string value, string escaped) =>
        Assert.That(LdapDirectory.EscapeFilter(value), Is.EqualTo(escaped));

    [TestCase("UID=a, OU=People,DC=x", "uid=a,ou=people,dc=x")]
    [TestCase(@"cn=Schmidt\, Anna,ou=people", @"cn=schmidt\, anna,ou=people")]
    public void Distinguished_names_compare_without_case_or_spaces(string dn, string normalized) =>
        Assert.That(LdapDirectory.NormalizeDn(dn), Is.EqualTo(normalized));
}
