using System.Net;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Guides;

public sealed class GuideTests : AppFixture
{
    [Test]
    public async Task A_guide_has_a_table_of_contents_read_only_task_lists_an_owner_and_a_review_date_in_six_months()
    {
        var department = await TestData.DepartmentAsync(App);
        var author = await TestData.PersonAsync(App, departmentId: department);
        var client = await TestData.SignedInClientAsync(App, author);
        var body = "## Vorbereitung\n\n1. Antrag öffnen\n2. Daten eintragen\n\n## Prüfen\n\n- [x] Unterschrift\n- [ ] Stempel\n\n### Sonderfall\n\n| A | B |\n|---|---|\n| 1 | 2 |";

        var id = await Support.Guides.WriteAsync(client, department, "Urlaub beantragen", body);

        var page = await TestData.GetPageAsync(client, $"/posts/{id}");
        Assert.That(page.QuerySelectorAll("nav.toc a").Select(a => (a.TextContent, a.GetAttribute("href"))), Is.EqualTo(new[]
        {
            ("Vorbereitung", "#toc-vorbereitung"), ("Prüfen", "#toc-prüfen"), ("Sonderfall", "#toc-sonderfall"),
        }));
        Assert.That(page.QuerySelector("h2#toc-vorbereitung"), Is.Not.Null);
        Assert.That(page.QuerySelector("#toc-title")!.TextContent, Is.EqualTo("Inhalt"));
        var boxes = page.QuerySelectorAll(".prose input[type=checkbox]");
        Assert.That(boxes.Select(b => (b.HasAttribute("disabled"), b.HasAttribute("checked"))), Is.EqualTo(new[] { (true, true), (true, false) }));
        Assert.That(page.QuerySelector(".guide-facts")!.TextContent, Does.Contain(author.Name));
        var reviewBy = await TestData.ScalarAsync<long>(App, "SELECT review_by FROM posts WHERE id = @id", new { id });
        Assert.That(DateTimeOffset.FromUnixTimeMilliseconds(reviewBy), Is.EqualTo(DateTimeOffset.UtcNow.AddMonths(6)).Within(TimeSpan.FromMinutes(5)));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT owner_id FROM posts WHERE id = @id", new { id }), Is.EqualTo(author.Id));
        var feed = await TestData.GetPageAsync(client, $"/departments/{Id(department)}");
        Assert.That(feed.QuerySelector($"#post-{id} .badge.guide-kind"), Is.Not.Null, "a card in the feed");
    }

    [Test]
    public async Task A_guide_without_a_department_or_with_a_past_review_date_is_refused()
    {
        var department = await TestData.DepartmentAsync(App);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var noDepartment = Support.Guides.Form(department, "Ohne", "Text");
        noDepartment.Remove("departmentId");

        var without = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", noDepartment);
        var past = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", Support.Guides.Form(department, "Alt", "Text", "2001-01-01"));
        var garbled = await TestData.PostFormAsync(client, "/posts/new?kind=guide", "/posts", Support.Guides.Form(department, "Alt", "Text", "bald"));

        Assert.That((without.StatusCode, past.StatusCode, garbled.StatusCode), Is.EqualTo((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest)));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(without)), Does.Contain("Abteilung"));
    }

    [Test]
    public async Task The_owner_the_departments_influencers_and_admins_edit_a_guide_while_other_colleagues_get_403()
    {
        var department = await TestData.DepartmentAsync(App);
        var ownerPerson = await TestData.PersonAsync(App, departmentId: department);
        var owner = await TestData.SignedInClientAsync(App, ownerPerson);
        var helper = await TestData.PersonAsync(App);
        await AppointAsync(App, department, helper.Id);
        var elsewhere = await TestData.PersonAsync(App);
        await AppointAsync(App, await TestData.DepartmentAsync(App), elsewhere.Id);
        var id = await Support.Guides.WriteAsync(owner, department, "Gemeinsam");

        var byOwner = await Support.Guides.EditAsync(owner, id, department, "Gemeinsam", "Vom Besitzer");
        var byHelper = await Support.Guides.EditAsync(await TestData.SignedInClientAsync(App, helper), id, department, "Gemeinsam", "Von der Influencerin");
        var adminPerson = await TestData.PersonAsync(App, Roles.Admin);
        var byAdmin = await Support.Guides.EditAsync(await TestData.SignedInClientAsync(App, adminPerson), id, department, "Gemeinsam", "Vom Admin");
        var colleague = await TestData.PersonAsync(App, departmentId: department, managerId: ownerPerson.Id);
        var byColleague = await Support.Guides.EditAsync(await TestData.SignedInClientAsync(App, colleague), id, department, "Gemeinsam", "Nein");
        var byOtherInfluencer = await Support.Guides.EditAsync(await TestData.SignedInClientAsync(App, elsewhere), id, department, "Gemeinsam", "Nein");

        Assert.That(new[] { byOwner.StatusCode, byHelper.StatusCode, byAdmin.StatusCode }, Is.All.EqualTo(HttpStatusCode.Redirect));
        Assert.That(new[] { byColleague.StatusCode, byOtherInfluencer.StatusCode }, Is.All.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT body_md FROM posts WHERE id = @id", new { id }), Is.EqualTo("Vom Admin"));
        // A guide is a shared document: every edit keeps the text it replaced with who wrote it (issue 11's versions).
        Assert.That(await TestData.ScalarAsync<string>(App,
            "SELECT string_agg(CAST(written_by AS TEXT), ',' ORDER BY number) FROM post_versions WHERE post_id = @id", new { id }),
            Is.EqualTo($"{ownerPerson.Id},{ownerPerson.Id},{helper.Id}"));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT edited_by FROM posts WHERE id = @id", new { id }), Is.EqualTo(adminPerson.Id));
    }

    [Test]
    public async Task An_ordinary_post_stays_its_authors_own_even_for_the_departments_influencer()
    {
        var department = await TestData.DepartmentAsync(App);
        var author = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: department));
        var helper = await TestData.PersonAsync(App);
        await AppointAsync(App, department, helper.Id);
        var id = await TestData.ArticleAsync(author, "Mein Artikel", "Text");

        var response = await TestData.PostFormAsync(await TestData.SignedInClientAsync(App, helper), $"/posts/{id}", $"/posts/{id}/edit",
            new() { ["kind"] = "article", ["title"] = "Fremd", ["body"] = "Fremd", ["departmentId"] = Id(department) });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_handed_over_guide_belongs_to_its_new_owner_who_is_told_and_the_hand_over_is_audited()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        var first = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        var next = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        await Notifications.Notify.AlwaysAsync(App, next.Id);
        var client = await TestData.SignedInClientAsync(App, first);
        var id = await Support.Guides.WriteAsync(client, department, "Weitergeben");

        var response = await TestData.PostFormAsync(client, $"/posts/{id}", $"/guides/{id}/owner", new() { ["person"] = next.Email });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT owner_id FROM posts WHERE id = @id", new { id }), Is.EqualTo(next.Id));
        Assert.That((await Notifications.Notify.RowsAsync(App, next.Id)).Where(n => n.Kind.StartsWith("guide", StringComparison.Ordinal)).Select(n => (n.Kind, n.PostId)),
            Is.EqualTo(new[] { ("guide_handed_over", id) }));
        Assert.That(await TestData.ScalarAsync<string>(App, "SELECT action || ' ' || target || ' ' || details FROM audit_log ORDER BY id DESC LIMIT 1"),
            Is.EqualTo($"guide.handed_over post:{id} {{\"ownerId\":{next.Id},\"previousOwnerId\":{first.Id}}}"));
        Assert.That((await Support.Guides.EditAsync(client, id, department, "Weitergeben", "Nicht mehr meins")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Handing_over_to_nobody_known_is_refused_on_the_guide_page()
    {
        var department = await TestData.DepartmentAsync(App);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: department));
        var id = await Support.Guides.WriteAsync(client, department, "Bleibt");

        var response = await TestData.PostFormAsync(client, $"/posts/{id}", $"/guides/{id}/owner", new() { ["person"] = "niemand@test.example" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(TestData.ErrorText(await TestData.ParseAsync(response)), Does.Contain("niemand@test.example"));
    }

    [Test]
    public async Task When_the_owner_is_deactivated_the_influencers_are_told_the_guide_shows_unowned_and_one_takes_it_over()
    {
        var department = await TestData.DepartmentAsync(App);
        var owner = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App);
        await AppointAsync(App, department, helper.Id);
        await Notifications.Notify.AlwaysAsync(App, helper.Id);
        var id = await Support.Guides.WriteAsync(await TestData.SignedInClientAsync(App, owner), department, "Verwaist");
        var adminPerson = await TestData.PersonAsync(App, Roles.Admin);
        var admin = await TestData.SignedInClientAsync(App, adminPerson);

        await TestData.PostFormAsync(admin, $"/admin/people/{owner.Id}", $"/admin/people/{owner.Id}/deactivate", []);

        Assert.That((await Notifications.Notify.RowsAsync(App, helper.Id)).Select(n => (n.Kind, n.PostId)), Does.Contain(("guide_unowned", id)));
        var helperClient = await TestData.SignedInClientAsync(App, helper);
        var page = await TestData.GetPageAsync(helperClient, $"/posts/{id}");
        Assert.That(page.QuerySelector(".guide-facts")!.TextContent, Does.Contain("Niemand pflegt diese Anleitung"));

        var taken = await TestData.PostFormAsync(helperClient, $"/posts/{id}", $"/guides/{id}/take-over", []);

        Assert.That(taken.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT owner_id FROM posts WHERE id = @id", new { id }), Is.EqualTo(helper.Id));
    }

    [Test]
    public async Task An_owner_of_many_guides_who_leaves_gives_each_curator_one_entry_per_department_that_counts_them()
    {
        var department = await TestData.DepartmentAsync(App);
        var other = await TestData.DepartmentAsync(App);
        var owner = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App);
        await AppointAsync(App, department, helper.Id);
        await AppointAsync(App, other, helper.Id);
        await Notifications.Notify.AlwaysAsync(App, helper.Id);
        var client = await TestData.SignedInClientAsync(App, owner);
        var first = await Support.Guides.WriteAsync(client, department, "Erste");
        await Support.Guides.WriteAsync(client, department, "Zweite");
        await Support.Guides.WriteAsync(client, department, "Dritte");
        var elsewhere = await Support.Guides.WriteAsync(client, other, "Anderswo");
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));

        await TestData.PostFormAsync(admin, $"/admin/people/{owner.Id}", $"/admin/people/{owner.Id}/deactivate", []);

        var rows = (await Notifications.Notify.RowsAsync(App, helper.Id)).Where(n => n.Kind == "guide_unowned").Select(n => (n.PostId, n.ItemCount));
        Assert.That(rows, Is.EquivalentTo(new[] { (first, 3), (elsewhere, 1) }));
        var bell = await TestData.GetPageAsync(await TestData.SignedInClientAsync(App, helper), "/notifications");
        Assert.That(bell.Body!.TextContent, Does.Contain("Niemand pflegt 3 Anleitungen mehr, darunter „Erste“"));
    }

    [Test]
    public async Task A_colleague_cannot_confirm_hand_over_or_take_over_someone_elses_guide()
    {
        var department = await TestData.DepartmentAsync(App);
        var author = await TestData.PersonAsync(App, departmentId: department);
        var id = await Support.Guides.WriteAsync(await TestData.SignedInClientAsync(App, author), department, "Fremd");
        // Reporting to the author: not the department's head, who curates it.
        var other = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: department, managerId: author.Id));

        var confirm = await TestData.PostFormAsync(other, $"/posts/{id}", $"/guides/{id}/reviewed", []);
        var handOver = await TestData.PostFormAsync(other, $"/posts/{id}", $"/guides/{id}/owner", new() { ["person"] = "x@test.example" });
        var takeOver = await TestData.PostFormAsync(other, $"/posts/{id}", $"/guides/{id}/take-over", []);

        Assert.That(new[] { confirm.StatusCode, handOver.StatusCode, takeOver.StatusCode }, Is.All.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task The_guides_page_lists_every_departments_library_and_filters_by_topic()
    {
        var first = await TestData.DepartmentAsync(App, TestData.Unique("Erste"));
        var second = await TestData.DepartmentAsync(App, TestData.Unique("Zweite"));
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var tag = TestData.Unique("Thema").Replace("-", "", StringComparison.Ordinal);
        var tagged = await Support.Guides.WriteAsync(client, first, "Mit Thema", $"Text #{tag}");
        var other = await Support.Guides.WriteAsync(client, second, "Ohne Thema", "Text");

        var all = await TestData.GetPageAsync(client, "/guides");
        var filtered = await TestData.GetPageAsync(client, $"/guides?topic={tag}");

        Assert.That(all.QuerySelector($"#guides-{first} [data-guide='{tagged}']"), Is.Not.Null);
        Assert.That(all.QuerySelector($"#guides-{second} [data-guide='{other}']"), Is.Not.Null);
        Assert.That(filtered.QuerySelectorAll("[data-guide]").Select(g => g.GetAttribute("data-guide")), Is.EqualTo(new[] { Id(tagged) }));
    }
}
