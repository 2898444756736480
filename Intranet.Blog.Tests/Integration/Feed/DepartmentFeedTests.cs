using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Feed;

/// In a department's feed, writing and filtering keep the place the person is in.
public sealed class DepartmentFeedTests : AppFixture
{
    [Test]
    public async Task The_composer_in_a_department_feed_posts_to_that_department()
    {
        var department = await TestData.DepartmentAsync(App);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(client, $"/?department={department}");
        var company = await TestData.GetPageAsync(client, "/");

        Assert.That(page.QuerySelector("[data-composer] select[name=departmentId] option[selected]")?.GetAttribute("value"), Is.EqualTo($"{department}"));
        Assert.That(company.QuerySelector("[data-composer] select[name=departmentId] option[selected]"), Is.Null, "the company feed starts at the whole company");
    }

    [Test]
    public async Task The_article_and_micropost_chips_keep_the_department()
    {
        var department = await TestData.DepartmentAsync(App);
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var page = await TestData.GetPageAsync(client, $"/?department={department}");
        var articles = await TestData.GetPageAsync(client, $"/?department={department}&kind=article");
        var chips = page.QuerySelectorAll(".filters a").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));

        Assert.That(chips["Alle"], Is.EqualTo($"/?department={department}"));
        Assert.That(chips["Artikel"], Is.EqualTo($"/?department={department}&kind=article"));
        Assert.That(chips["Kurzbeiträge"], Is.EqualTo($"/?department={department}&kind=micro"));
        Assert.That(chips["Fragen"], Is.EqualTo($"/?department={department}&questions=true"));
        Assert.That(articles.QuerySelector(".filters a[aria-current=page]")?.TextContent.Trim(), Is.EqualTo("Artikel"));
        Assert.That((await TestData.GetPageAsync(client, "/")).QuerySelectorAll(".filters a").Select(a => a.GetAttribute("href")),
            Is.EqualTo(new[] { "/", "/?following=true", "/?kind=article", "/?kind=micro", "/?questions=true" }), "the company feed's chips are as before");
    }
}
