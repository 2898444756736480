using System.Net;
using Intranet.Blog.Features.Guides;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Tests.Support;
using static Intranet.Blog.Tests.Support.OrgTree;

namespace Intranet.Blog.Tests.Integration.Guides;

/// A department with more guides than a library lists (PostStore.LibraryCap). Its own app: the many guides would
/// weigh on every other library test's pages.
public sealed class GuideLibraryCapTests : AppFixture
{
    [Test]
    public async Task A_department_with_very_many_guides_keeps_its_pinned_guide_listed_and_leaves_other_libraries_on_the_guides_page()
    {
        var busy = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: busy);
        var helper = await TestData.PersonAsync(App, departmentId: busy, managerId: head.Id);
        await AppointAsync(App, busy, helper.Id);
        var influencer = await TestData.SignedInClientAsync(App, helper);
        var pinned = await Support.Guides.WriteAsync(influencer, busy, TestData.Unique("Angeheftet"));
        var pin = await TestData.PostFormAsync(influencer, "/", $"/departments/{Id(busy)}/pins", new() { ["postId"] = Id(pinned) });
        Assert.That(pin.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var quiet = await TestData.DepartmentAsync(App);
        var colleague = await TestData.PersonAsync(App, departmentId: quiet);
        var other = await Support.Guides.WriteAsync(await TestData.SignedInClientAsync(App, colleague), quiet, TestData.Unique("Einzige"));

        // Newer guides than both, more than a library lists; written as rows, since the form would take minutes.
        var now = DateTimeOffset.UtcNow;
        var inserted = await TestData.ExecuteAsync(App, """
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO posts (author_id, kind, title, body_md, body_html, department_id, created_at, owner_id, review_by)
            SELECT @author, 'guide', 'Viele ' || i, 'Text', '<p>Text</p>', @busy, @now, @author, @reviewBy FROM n
            """, new { count = PostStore.LibraryCap + 5, author = helper.Id, busy, now = now.ToUnixTimeMilliseconds(), reviewBy = now.AddDays(90).ToUnixTimeMilliseconds() });
        Assert.That(inserted, Is.EqualTo(PostStore.LibraryCap + 5));

        var library = await TestData.GetPageAsync(influencer, $"/departments/{Id(busy)}");
        var company = await TestData.GetPageAsync(influencer, "/guides");

        Assert.That(library.QuerySelector($"#guides [data-guide='{Id(pinned)}'].pinned"), Is.Not.Null, "the pinned guide stays in its library, first");
        Assert.That(library.QuerySelectorAll("#guides [data-guide]").First().GetAttribute("data-guide"), Is.EqualTo(Id(pinned)));
        Assert.That(company.QuerySelector($"#guides-{Id(busy)} [data-guide='{Id(pinned)}']"), Is.Not.Null, "and on the guides page");
        Assert.That(company.QuerySelector($"#guides-{Id(quiet)} [data-guide='{Id(other)}']"), Is.Not.Null, "another department's library stays on the guides page");
    }

    [Test]
    public async Task Pages_list_the_pinned_and_the_most_useful_guides_and_link_to_the_whole_library()
    {
        var department = await TestData.DepartmentAsync(App);
        var head = await TestData.PersonAsync(App, departmentId: department);
        var helper = await TestData.PersonAsync(App, departmentId: department, managerId: head.Id);
        await AppointAsync(App, department, helper.Id);
        var influencer = await TestData.SignedInClientAsync(App, helper);
        var pinned = await Support.Guides.WriteAsync(influencer, department, TestData.Unique("Angeheftet"));
        var pin = await TestData.PostFormAsync(influencer, "/", $"/departments/{Id(department)}/pins", new() { ["postId"] = Id(pinned) });
        Assert.That(pin.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var now = DateTimeOffset.UtcNow;
        await TestData.ExecuteAsync(App, """
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 14)
            INSERT INTO posts (author_id, kind, title, body_md, body_html, department_id, created_at, owner_id, review_by)
            SELECT @author, 'guide', 'Mehr ' || i, 'Text', '<p>Text</p>', @department, @now, @author, @reviewBy FROM n
            """, new { author = helper.Id, department, now = now.ToUnixTimeMilliseconds(), reviewBy = now.AddDays(90).ToUnixTimeMilliseconds() });
        var whole = $"/guides?department={Id(department)}";

        var page = await TestData.GetPageAsync(influencer, $"/departments/{Id(department)}");
        var company = await TestData.GetPageAsync(influencer, "/guides");
        var library = await TestData.GetPageAsync(influencer, whole);

        Assert.That(page.QuerySelectorAll("#guides [data-guide]").Length, Is.EqualTo(1 + GuideLibraryQuery.OnDepartmentPage), "the pinned one and the first others");
        Assert.That(page.QuerySelector("#guides .more-guides a")!.GetAttribute("href"), Is.EqualTo(whole));
        Assert.That(page.QuerySelector("#guides .more-guides a")!.TextContent, Is.EqualTo("Alle 15 Anleitungen"));
        Assert.That(company.QuerySelectorAll($"#guides-{Id(department)} [data-guide]").Length, Is.EqualTo(1 + GuideLibraryQuery.OnGuidesPage));
        Assert.That(company.QuerySelector($"#guides-{Id(department)} .more-guides a")!.GetAttribute("href"), Is.EqualTo(whole));
        Assert.That(library.QuerySelectorAll($"#guides-{Id(department)} [data-guide]").Length, Is.EqualTo(15), "the whole library");
        Assert.That(library.QuerySelectorAll($"#guides-{Id(department)} [data-guide]").First().GetAttribute("data-guide"), Is.EqualTo(Id(pinned)));
        Assert.That(library.QuerySelector(".more-guides"), Is.Null);
        Assert.That((await influencer.GetAsync("/guides?department=99999999")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
