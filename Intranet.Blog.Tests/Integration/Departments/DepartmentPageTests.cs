using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Departments;

public sealed class DepartmentPageTests : AppFixture
{
    [Test]
    public async Task The_page_shows_the_head_by_default_the_highest_level_person_and_the_influencers()
    {
        var department = await TestData.DepartmentAsync(App);
        var boss = await TestData.PersonAsync(App, departmentId: department, name: TestData.Unique("Chefin"));
        var helper = await TestData.PersonAsync(App, departmentId: department, managerId: boss.Id, name: TestData.Unique("Helfer"));
        await AppointAsync(App, department, helper.Id);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(client, $"/departments/{Id(department)}");

        var people = page.QuerySelector("#people")!;
        Assert.That(people.QuerySelectorAll(".people-group")[0].TextContent, Does.Contain(boss.Name));
        Assert.That(people.QuerySelectorAll(".influencers li").Select(li => li.QuerySelector("a")!.TextContent), Is.EqualTo(new[] { helper.Name }));
    }

    [Test]
    public async Task A_parent_shows_its_sub_departments_posts_only_when_asked()
    {
        var division = await TestData.DepartmentAsync(App);
        var team = await DepartmentAsync(App, division);
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: team));
        var own = await TestData.MicroAsync(author, TestData.Unique("Bereich"), division);
        var teams = await TestData.MicroAsync(author, TestData.Unique("Team"), team);

        var alone = await TestData.GetPageAsync(author, $"/departments/{Id(division)}");
        var withTeams = await TestData.GetPageAsync(author, $"/departments/{Id(division)}?sub=true");

        Assert.That(alone.QuerySelectorAll("[data-feed] article[data-post-id]").Select(a => a.Id), Is.EqualTo(new[] { $"post-{own}" }));
        Assert.That(withTeams.QuerySelectorAll("[data-feed] article[data-post-id]").Select(a => a.Id), Is.EqualTo(new[] { $"post-{teams}", $"post-{own}" }));
        Assert.That(withTeams.QuerySelector("[data-feed]")!.GetAttribute("data-filter-departments")!.Split(','), Is.EquivalentTo(new[] { Id(division), Id(team) }));
        Assert.That(alone.QuerySelector(".sub-departments a[href='/departments/" + Id(team) + "']"), Is.Not.Null);
    }

    [Test]
    public async Task The_subtree_is_every_department_below_at_any_depth()
    {
        var top = await TestData.DepartmentAsync(App);
        var middle = await DepartmentAsync(App, top);
        var bottom = await DepartmentAsync(App, middle);
        var elsewhere = await TestData.DepartmentAsync(App);

        var subtree = await App.Service<Intranet.Blog.Features.People.DepartmentStore>().SubtreeAsync(top);

        Assert.That(subtree, Is.EquivalentTo(new[] { top, middle, bottom }));
        Assert.That(subtree, Does.Not.Contain(elsewhere));
    }

    [Test]
    public async Task Loading_more_of_a_department_keeps_the_sub_department_choice()
    {
        var division = await TestData.DepartmentAsync(App);
        var team = await DepartmentAsync(App, division);
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: team));
        for (var i = 0; i < 21; i++)
        {
            await TestData.MicroAsync(author, $"Beitrag {i}", team);
        }

        var page = await TestData.GetPageAsync(author, $"/departments/{Id(division)}?sub=true");
        var more = page.QuerySelector("[data-more-url]")!;
        var rest = await TestData.GetPageAsync(author, more.GetAttribute("data-more-url")!);

        Assert.That(more.GetAttribute("href"), Does.Contain("sub=true"));
        Assert.That(rest.QuerySelectorAll("article[data-post-id]"), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Department_names_on_cards_profiles_and_the_directory_link_to_the_department_page()
    {
        var department = await TestData.DepartmentAsync(App);
        var person = await TestData.PersonAsync(App, departmentId: department);
        var client = await TestData.SignedInClientAsync(App, person);
        var post = await TestData.MicroAsync(client, TestData.Unique("Hallo"), department);
        var link = $"a[href='/departments/{Id(department)}']";

        var feed = await TestData.GetPageAsync(client, "/");
        var profile = await TestData.GetPageAsync(client, $"/people/{Id(person.Id)}");
        var directory = await TestData.GetPageAsync(client, $"/people?q={Uri.EscapeDataString(person.Name)}");

        Assert.That(feed.QuerySelectorAll($"#post-{post} {link}"), Has.Length.EqualTo(2), "byline and chip");
        Assert.That(profile.QuerySelector($".profile-who {link}"), Is.Not.Null);
        Assert.That(directory.QuerySelector($".person-row {link}"), Is.Not.Null);
    }

    [Test]
    public async Task A_profile_shows_the_department_chain_and_an_influencer_badge_per_department()
    {
        var division = await TestData.DepartmentAsync(App, TestData.Unique("Bereich"));
        var team = await DepartmentAsync(App, division, TestData.Unique("Team"));
        var other = await TestData.DepartmentAsync(App, TestData.Unique("Andere"));
        var person = await TestData.PersonAsync(App, departmentId: team);
        await AppointAsync(App, team, person.Id);
        await AppointAsync(App, other, person.Id);
        var client = await TestData.SignedInClientAsync(App, person);

        var page = await TestData.GetPageAsync(client, $"/people/{Id(person.Id)}");

        Assert.That(page.QuerySelectorAll(".department-chain a").Select(a => a.GetAttribute("href")),
            Is.EqualTo(new[] { $"/departments/{Id(division)}", $"/departments/{Id(team)}" }));
        Assert.That(page.QuerySelectorAll(".badge.influencer").Select(a => a.GetAttribute("href")),
            Is.EquivalentTo(new[] { $"/departments/{Id(team)}", $"/departments/{Id(other)}" }));
    }

    [Test]
    public async Task An_unknown_department_is_404()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        Assert.That((await client.GetAsync("/departments/99999999")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await client.GetAsync("/departments/99999999/more?before=5")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "its next page too");
        Assert.That((await client.GetAsync("/departments/-1/more?before=5&sub=true")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_departments_list_nests_teams_under_their_department()
    {
        var division = await TestData.DepartmentAsync(App);
        var team = await DepartmentAsync(App, division);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Staff));

        var page = await TestData.GetPageAsync(client, "/departments");

        var item = page.QuerySelector($"a[href='/departments/{Id(division)}']")!.Closest("li")!;
        Assert.That(item.QuerySelector($".department-tree a[href='/departments/{Id(team)}']"), Is.Not.Null);
    }
}
