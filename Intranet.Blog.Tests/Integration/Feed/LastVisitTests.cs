using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Feed;

public sealed class LastVisitTests : AppFixture
{
    [Test]
    public async Task Returning_to_the_feed_shows_a_divider_between_new_posts_and_what_was_there_before()
    {
        var reader = await TestData.PersonAsync(App);
        var client = await TestData.SignedInClientAsync(App, reader);
        var author = await TestData.PersonAsync(App);
        var old = await TestData.PostAtAsync(App, author.Id, "Schon gesehen", DateTimeOffset.UtcNow.AddHours(-3));
        await TestData.GetPageAsync(client, "/");
        // The reader's previous visit began two hours ago; since then a colleague posted.
        await TestData.ScalarAsync<long>(App, "UPDATE users SET last_feed_visit = @at WHERE id = @id RETURNING id",
            new { at = DateTimeOffset.UtcNow.AddHours(-2), id = reader.Id });
        var fresh = await TestData.MicroAsync(await TestData.SignedInClientAsync(App, author), "Neu seit gestern");

        var feed = await TestData.GetPageAsync(client, "/");

        var divider = feed.QuerySelector("[data-feed] .new-divider")!;
        Assert.That(divider.TextContent, Is.EqualTo("Neu seit deinem letzten Besuch"));
        var above = divider.ParentElement!.Children.TakeWhile(e => e != divider).Select(e => e.Id).ToList();
        var below = divider.ParentElement.Children.SkipWhile(e => e != divider).Select(e => e.Id).ToList();
        Assert.That(above, Does.Contain($"post-{fresh}"));
        Assert.That(below, Does.Contain($"post-{old}"));
    }

    [Test]
    public async Task Reloading_within_a_visit_keeps_the_divider_and_a_first_visit_has_none()
    {
        var client = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));

        var first = await TestData.GetPageAsync(client, "/");
        var reload = await TestData.GetPageAsync(client, "/");

        Assert.That(first.QuerySelector(".new-divider"), Is.Null, "nothing to divide on a first visit");
        Assert.That(reload.QuerySelector(".new-divider"), Is.Null, "a reload is the same visit");
    }
}
