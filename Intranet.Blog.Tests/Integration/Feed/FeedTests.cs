using System.Globalization;
using AngleSharp.Html.Dom;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Feed;

public sealed class FeedTests : AppFixture
{
    private async Task<(TestPerson Person, HttpClient Client)> AuthorAsync(long? departmentId = null)
    {
        var person = await TestData.PersonAsync(App, departmentId: departmentId);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private static List<long> CardIds(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-feed] article[data-post-id]").Select(a => long.Parse(a.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture)).ToList();

    private static string? MoreLink(IHtmlDocument page) => page.QuerySelector("[data-load-more] a")?.GetAttribute("href");

    private static async Task<List<long>> MicrosAsync(HttpClient client, int count, long? departmentId = null)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await TestData.MicroAsync(client, $"Beitrag {i}", departmentId));
        }

        return ids;
    }

    [Test]
    public async Task The_feed_shows_newest_first_a_page_at_a_time()
    {
        var (person, client) = await AuthorAsync();
        var ids = await MicrosAsync(client, PostLimits.PageSize + 3);

        var page = await TestData.GetPageAsync(client, $"/?author={person.Id}");

        Assert.That(CardIds(page), Is.EqualTo(ids.AsEnumerable().Reverse().Take(PostLimits.PageSize)));
    }

    [Test]
    public async Task The_next_page_continues_exactly_after_the_first_even_when_new_posts_arrive()
    {
        var (person, client) = await AuthorAsync();
        var ids = await MicrosAsync(client, PostLimits.PageSize + 5);
        var first = await TestData.GetPageAsync(client, $"/?author={person.Id}");

        var arrivedMeanwhile = await MicrosAsync(client, 3);
        var second = await TestData.GetPageAsync(client, MoreLink(first)!);

        var newestFirst = ids.AsEnumerable().Reverse().ToList();
        Assert.That(MoreLink(first), Is.EqualTo($"/?before={newestFirst[PostLimits.PageSize - 1]}&author={person.Id}"));
        Assert.That(CardIds(second), Is.EqualTo(newestFirst.Skip(PostLimits.PageSize)));
        Assert.That(CardIds(second), Has.None.AnyOf(arrivedMeanwhile.Cast<object>().ToArray()));
        Assert.That(MoreLink(second), Is.Null);
        Assert.That(second.QuerySelector(".end-of-feed"), Is.Not.Null);
    }

    [Test]
    public async Task The_unfiltered_feed_pages_without_duplicates_or_gaps()
    {
        var (_, client) = await AuthorAsync();
        await MicrosAsync(client, PostLimits.PageSize + 5);
        var first = await TestData.GetPageAsync(client, "/");
        var firstIds = CardIds(first);

        var arrivedMeanwhile = await MicrosAsync(client, 3);
        var second = await TestData.GetPageAsync(client, MoreLink(first)!);

        var all = (await TestData.ScalarAsync<string>(App, "SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id DESC) FROM posts WHERE deleted_at IS NULL"))
            .Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).Except(arrivedMeanwhile).ToList();
        Assert.That(firstIds.Concat(CardIds(second)), Is.EqualTo(all.Take(firstIds.Count + CardIds(second).Count)));
        Assert.That(CardIds(second), Has.Count.EqualTo(Math.Min(PostLimits.PageSize, all.Count - firstIds.Count)));
    }

    [Test]
    public async Task Load_more_returns_the_same_cards_as_the_next_page()
    {
        var (person, client) = await AuthorAsync();
        await MicrosAsync(client, PostLimits.PageSize + 2);
        var first = await TestData.GetPageAsync(client, $"/?author={person.Id}");
        var more = first.QuerySelector("[data-load-more] a")!.GetAttribute("data-more-url")!;

        var fragment = await TestData.GetPageAsync(client, more);
        var page = await TestData.GetPageAsync(client, MoreLink(first)!);

        var fragmentIds = fragment.QuerySelectorAll("article[data-post-id]").Select(a => long.Parse(a.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture));
        Assert.That(fragmentIds, Is.EqualTo(CardIds(page)));
        Assert.That(fragment.QuerySelector("header.topbar"), Is.Null, "a fragment, not a page");
    }

    [Test]
    public async Task Deleted_posts_leave_no_gap_in_a_page()
    {
        var (person, client) = await AuthorAsync();
        var ids = await MicrosAsync(client, PostLimits.PageSize + 2);
        var deleted = ids[^3];
        await TestData.PostFormAsync(client, "/", $"/posts/{deleted}/delete", []);

        var page = await TestData.GetPageAsync(client, $"/?author={person.Id}");

        Assert.That(CardIds(page), Has.Count.EqualTo(PostLimits.PageSize));
        Assert.That(CardIds(page), Does.Not.Contain(deleted));
    }

    [Test]
    public async Task The_department_filter_shows_only_that_departments_posts()
    {
        var department = await TestData.DepartmentAsync(App);
        var other = await TestData.DepartmentAsync(App);
        var (_, client) = await AuthorAsync();
        var inside = await MicrosAsync(client, 2, department);
        await MicrosAsync(client, 2, other);
        await MicrosAsync(client, 1);

        var page = await TestData.GetPageAsync(client, $"/?department={department}");

        Assert.That(CardIds(page), Is.EqualTo(inside.AsEnumerable().Reverse()));
    }

    [Test]
    public async Task The_author_filter_shows_only_that_persons_posts()
    {
        var (person, client) = await AuthorAsync();
        var (_, other) = await AuthorAsync();
        var mine = await MicrosAsync(client, 2);
        await MicrosAsync(other, 2);
        mine.Add(await TestData.ArticleAsync(client, "Auch von mir", "Text"));

        var page = await TestData.GetPageAsync(client, $"/?author={person.Id}");

        Assert.That(CardIds(page), Is.EqualTo(mine.AsEnumerable().Reverse()));
        Assert.That(page.QuerySelector("h1.page-title")?.TextContent, Is.EqualTo($"Beiträge von {person.Name}"));
    }

    [TestCase("article")]
    [TestCase("micro")]
    public async Task The_kind_filter_shows_only_that_kind(string kind)
    {
        var (_, client) = await AuthorAsync();
        await MicrosAsync(client, 2);
        await TestData.ArticleAsync(client, "Artikel", "Text");

        var page = await TestData.GetPageAsync(client, $"/?kind={kind}");

        var cards = page.QuerySelectorAll("[data-feed] article[data-post-id]");
        Assert.That(cards, Is.Not.Empty);
        Assert.That(cards.Select(c => c.ClassList.Contains(kind)), Is.All.True);
    }

    [Test]
    public async Task Filters_combine_author_and_kind()
    {
        var (person, client) = await AuthorAsync();
        await MicrosAsync(client, 2);
        var article = await TestData.ArticleAsync(client, "Nur das", "Text");

        var page = await TestData.GetPageAsync(client, $"/?author={person.Id}&kind=article");

        Assert.That(CardIds(page), Is.EqualTo(new[] { article }));
    }

    [Test]
    public async Task A_filtered_feed_keeps_its_filter_in_the_next_page_link()
    {
        var department = await TestData.DepartmentAsync(App);
        var (_, client) = await AuthorAsync();
        var ids = await MicrosAsync(client, PostLimits.PageSize + 1, department);

        var first = await TestData.GetPageAsync(client, $"/?department={department}&kind=micro");
        var second = await TestData.GetPageAsync(client, MoreLink(first)!);

        Assert.That(MoreLink(first), Does.Contain($"department={department}").And.Contain("kind=micro"));
        Assert.That(CardIds(second), Is.EqualTo(new[] { ids[0] }));
    }

    [Test]
    public async Task An_unknown_kind_is_ignored_rather_than_refused()
    {
        var (_, client) = await AuthorAsync();
        await MicrosAsync(client, 1);

        var page = await TestData.GetPageAsync(client, "/?kind=poem");

        Assert.That(CardIds(page), Is.Not.Empty);
    }
}
