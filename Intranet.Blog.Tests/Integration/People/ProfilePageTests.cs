using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.People;

public sealed class ProfilePageTests : AppFixture
{
    [Test]
    public async Task Profile_shows_name_title_department_level_and_contact()
    {
        var department = await TestData.DepartmentAsync(App, TestData.Unique("Qualitätssicherung"));
        var person = await TestData.PersonAsync(App, departmentId: department);
        await Uploads.ExecuteAsync(App, "UPDATE users SET bio = @bio, phone = @phone, location = @location WHERE id = @id",
            new { id = person.Id, bio = "Zeile eins\nZeile zwei <b>fett</b>", phone = "+49 (0)30 123-456", location = "Köln, 2. OG" });
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(client, $"/people/{person.Id}");

        Assert.That(page.QuerySelector("h1")!.TextContent, Is.EqualTo(person.Name));
        Assert.That(page.QuerySelector(".profile-who .meta")!.TextContent, Does.Contain("Tester"));
        Assert.That(page.QuerySelector($".profile-who a[href='/departments/{department}']"), Is.Not.Null);
        Assert.That(page.QuerySelector(".bio")!.TextContent, Is.EqualTo("Zeile eins\nZeile zwei <b>fett</b>"), "bio is text, escaped");
        Assert.That(page.QuerySelector(".bio b"), Is.Null);
        Assert.That(page.QuerySelector($".contact a[href='mailto:{person.Email}']"), Is.Not.Null);
        Assert.That(page.QuerySelector(".contact")!.TextContent, Does.Contain("+49 (0)30 123-456").And.Contain("Köln, 2. OG"));
        Assert.That(page.QuerySelector(".contact a[href^='tel:']")!.GetAttribute("href"), Is.EqualTo("tel:+4930123456"));
        Assert.That(page.QuerySelector(".profile-head .avatar")!.TextContent.Trim(), Is.Not.Empty, "initials avatar without a photo");
    }

    [Test]
    public async Task Profile_shows_the_chain_of_managers_and_direct_reports()
    {
        var top = await TestData.PersonAsync(App, name: TestData.Unique("Chefin"));
        var middle = await TestData.PersonAsync(App, managerId: top.Id, name: TestData.Unique("Mitte"));
        var person = await TestData.PersonAsync(App, managerId: middle.Id);
        var reportB = await TestData.PersonAsync(App, managerId: person.Id, name: "B " + TestData.Unique("Bericht"));
        var reportA = await TestData.PersonAsync(App, managerId: person.Id, name: "A " + TestData.Unique("Bericht"));
        var gone = await TestData.PersonAsync(App, managerId: person.Id);
        await TestData.DeactivateAsync(App, gone.Id);
        var client = await TestData.SignedInClientAsync(App, reportA);

        var page = await TestData.GetPageAsync(client, $"/people/{person.Id}");

        var chain = page.QuerySelectorAll(".manager-chain a").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(chain, Is.EqualTo(new[] { $"/people/{top.Id}", $"/people/{middle.Id}" }), "top first, direct manager last");
        var reports = page.QuerySelectorAll(".reports a").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(reports, Is.EqualTo(new[] { $"/people/{reportA.Id}", $"/people/{reportB.Id}" }), "active reports by name");
        Assert.That(page.QuerySelector(".profile-who")!.TextContent, Does.Contain("3"), "level");
    }

    [Test]
    public async Task Profile_lists_the_ten_most_recent_posts_with_cards_linking_to_the_author()
    {
        var author = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, author);
        var ids = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await TestData.MicroAsync(client, $"Beitrag {i}"));
        }

        var page = await TestData.GetPageAsync(client, $"/people/{author.Id}");

        var shown = page.QuerySelectorAll(".recent-posts article[data-post-id]").Select(a => long.Parse(a.GetAttribute("data-post-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(shown, Is.EqualTo(ids.AsEnumerable().Reverse().Take(10)));
        Assert.That(page.QuerySelector($"#post-{ids[^1]} a.name")!.GetAttribute("href"), Is.EqualTo($"/people/{author.Id}"));
    }

    [Test]
    public async Task A_deactivated_person_is_marked_and_their_contact_details_are_hidden()
    {
        var person = await TestData.PersonAsync(App);
        await Uploads.ExecuteAsync(App, "UPDATE users SET phone = '0221 999' WHERE id = @id", new { id = person.Id });
        await TestData.DeactivateAsync(App, person.Id);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(client, $"/people/{person.Id}");

        Assert.That(page.QuerySelector(".deactivated"), Is.Not.Null);
        Assert.That(page.QuerySelector(".contact"), Is.Null);
        Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain(person.Email).And.Not.Contain("0221 999"));
    }

    [Test]
    public async Task Unknown_people_are_not_found()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        Assert.That((await client.GetAsync("/people/987654321")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("/people/1")]
    [TestCase("/people")]
    [TestCase("/people/orgchart")]
    [TestCase("/people/me/edit")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string url)
    {
        var response = await App.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.OriginalString, Does.Contain("/account/signin"));
    }

    [Test]
    public async Task Admins_get_a_link_to_edit_the_person_in_admin_and_others_do_not()
    {
        var person = await TestData.PersonAsync(App);
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var staff = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        Assert.That((await TestData.GetPageAsync(admin, $"/people/{person.Id}")).QuerySelector($"a[href='/admin/people/{person.Id}']"), Is.Not.Null);
        Assert.That((await TestData.GetPageAsync(staff, $"/people/{person.Id}")).QuerySelector($"a[href='/admin/people/{person.Id}']"), Is.Null);
    }

    [Test]
    public async Task The_menu_links_to_my_profile_and_the_side_nav_to_people()
    {
        var me = await TestData.PersonAsync(App);
        var page = await TestData.GetPageAsync(await TestData.SignedInClientAsync(App, me), "/");

        Assert.That(page.QuerySelector($".user-menu a[href='/people/{me.Id}']"), Is.Not.Null);
        Assert.That(page.QuerySelector(".user-menu a[href='/people/me/edit']"), Is.Not.Null);
        Assert.That(page.QuerySelector(".user-menu a[href='/notifications/settings']"), Is.Not.Null);
        Assert.That(page.QuerySelector(".sidenav a[href='/people']"), Is.Not.Null);
    }
}
