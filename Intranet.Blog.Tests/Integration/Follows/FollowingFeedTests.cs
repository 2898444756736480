using System.Globalization;
using System.Net;
using Dapper;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Follows;

public sealed class FollowingFeedTests : AppFixture
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task FollowAsync(HttpClient client, string kind, long id)
    {
        var response = await TestData.PostFormAsync(client, "/departments", "/follows", new() { ["kind"] = kind, ["id"] = Id(id), ["follow"] = "true" }, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static long[] PostIds(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("article[data-post-id]").Select(a => long.Parse(a.GetAttribute("data-post-id")!, CultureInfo.InvariantCulture)).ToArray();

    private async Task TagAsync(long postId, long topic)
    {
        await using var scope = await App.Service<Database>().BeginWriteAsync();
        await scope.Connection.ExecuteAsync("INSERT INTO post_tags (tag_id, post_id, created_at) VALUES (@topic, @postId, 0)", new { topic, postId }, scope.Transaction);
        await scope.CommitAsync();
    }

    [Test]
    public async Task The_following_feed_shows_exactly_the_posts_of_followed_people_departments_and_topics_newest_first()
    {
        var me = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);
        var followedDepartment = await TestData.DepartmentAsync(App);
        var otherDepartment = await TestData.DepartmentAsync(App);
        var topic = await FollowTests.TopicAsync(App);
        var otherTopic = await FollowTests.TopicAsync(App);
        using var anna = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: otherDepartment));
        using var ben = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, departmentId: otherDepartment));
        var annaId = (await TestData.GetPageAsync(anna, "/")).QuerySelector("meta[name=user-id]")!.GetAttribute("content")!;
        await FollowAsync(client, "person", long.Parse(annaId, CultureInfo.InvariantCulture));
        await FollowAsync(client, "department", followedDepartment);
        await FollowAsync(client, "topic", topic);

        var byAnna = await TestData.MicroAsync(anna, TestData.Unique("Anna"));
        var inDepartment = await TestData.MicroAsync(ben, TestData.Unique("Abteilung"), followedDepartment);
        var inOtherDepartment = await TestData.MicroAsync(ben, TestData.Unique("Andere"), otherDepartment);
        var tagged = await TestData.MicroAsync(ben, TestData.Unique("Thema"));
        await TagAsync(tagged, topic);
        var otherTagged = await TestData.MicroAsync(ben, TestData.Unique("Anderes Thema"));
        await TagAsync(otherTagged, otherTopic);
        var plain = await TestData.MicroAsync(ben, TestData.Unique("Nichts"));

        var page = await TestData.GetPageAsync(client, "/?following=true");

        Assert.That(PostIds(page), Is.EqualTo(new[] { tagged, inDepartment, byAnna }));
        Assert.That(page.QuerySelector(".filters a[aria-current=page]")!.TextContent.Trim(), Is.EqualTo("Folge ich"));
        Assert.That(PostIds(await TestData.GetPageAsync(client, "/")), Does.Contain(plain).And.Contain(inOtherDepartment).And.Contain(otherTagged));
    }

    [Test]
    public async Task The_following_feed_pages_by_id_and_keeps_its_filter_in_the_more_link()
    {
        var me = await TestData.PersonAsync(App);
        using var client = await TestData.SignedInClientAsync(App, me);
        var author = await TestData.PersonAsync(App);
        using var authorClient = await TestData.SignedInClientAsync(App, author);
        using var other = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        await FollowAsync(client, "person", author.Id);
        var posts = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            posts.Add(await TestData.MicroAsync(authorClient, $"Beitrag {i}"));
            await TestData.MicroAsync(other, $"Rauschen {i}");
        }

        var first = await TestData.GetPageAsync(client, "/?following=true");
        var more = first.QuerySelector("[data-load-more] a")!;
        var second = await TestData.GetPageAsync(client, more.GetAttribute("href")!);
        var fragment = await TestData.ParseAsync(await client.GetAsync(more.GetAttribute("data-more-url")!));

        posts.Reverse();
        Assert.That(PostIds(first), Is.EqualTo(posts.Take(20)));
        Assert.That(more.GetAttribute("href"), Does.Contain("following=true"));
        Assert.That(PostIds(second), Is.EqualTo(posts.Skip(20)));
        Assert.That(PostIds(fragment), Is.EqualTo(posts.Skip(20)));
    }
}
