using System.Net;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Intranet.Blog.Tests.Integration.Reach;

/// Who saw or opened a post is kept per person for the read retention after publishing (30 days here); then the rows
/// go and the post keeps its counts and its funnel, and a later open is not recorded (it would count someone twice).
public sealed class ReadRetentionTests
{
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void StartApp() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock),
        settings: new Dictionary<string, string> { ["Intranet:ReadRetentionDays"] = "30" });

    [OneTimeTearDown]
    public async Task StopApp() => await _app.DisposeAsync();

    [Test]
    public async Task Per_person_rows_are_folded_after_the_retention_and_the_counts_stay()
    {
        var department = await TestData.DepartmentAsync(_app);
        var author = await TestData.PersonAsync(_app, Roles.Executive, department);
        var readers = new List<TestPerson>();
        for (var i = 0; i < 5; i++)
        {
            readers.Add(await TestData.PersonAsync(_app, departmentId: department));
        }

        var old = await PublishAndOpenAsync(author, readers);
        _clock.Advance(TimeSpan.FromDays(20));
        var recent = await PublishAndOpenAsync(author, readers.Take(2).ToList());
        var before = await ReachFiguresAsync(author, old);
        Assert.That(await RowsAsync("post_opens", old), Is.EqualTo(5));
        Assert.That(await RowsAsync("post_seen", old), Is.EqualTo(5));

        _clock.Advance(TimeSpan.FromDays(11));
        var folded = await _app.Service<ReadRetention>().FoldDueAsync(CancellationToken.None);

        Assert.That(folded, Is.GreaterThanOrEqualTo(1));
        Assert.That(await RowsAsync("post_opens", old), Is.Zero);
        Assert.That(await RowsAsync("post_seen", old), Is.Zero);
        Assert.That(await RowsAsync("post_opens", recent), Is.EqualTo(2), "a post 11 days old keeps its rows");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT opened_count FROM posts WHERE id = @old", new { old }), Is.EqualTo(5));
        Assert.That(await ReachFiguresAsync(author, old), Is.EqualTo(before), "the funnel is the same after folding");

        using var again = await TestData.SignedInClientAsync(_app, readers[0]);
        Assert.That((await again.GetAsync($"/posts/{old}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await RowsAsync("post_opens", old), Is.Zero, "an open after the retention is not recorded");
        Assert.That(await TestData.ScalarAsync<long>(_app, "SELECT opened_count FROM posts WHERE id = @old", new { old }), Is.EqualTo(5), "and nobody counts twice");
        Assert.That(await _app.Service<ReadRetention>().FoldDueAsync(CancellationToken.None), Is.Zero, "a second round has nothing to do");
    }

    private async Task<long> PublishAndOpenAsync(TestPerson author, IReadOnlyList<TestPerson> readers)
    {
        using var authorClient = await TestData.SignedInClientAsync(_app, author);
        var post = await TestData.MicroAsync(authorClient, TestData.Unique("Neu"));
        foreach (var reader in readers)
        {
            using var client = await TestData.SignedInClientAsync(_app, reader);
            await TestData.GetPageAsync(client, "/");
            await TestData.GetPageAsync(client, $"/posts/{post}");
        }

        return post;
    }

    private async Task<string> ReachFiguresAsync(TestPerson author, long post)
    {
        using var client = await TestData.SignedInClientAsync(_app, author);
        var page = await TestData.GetPageAsync(client, $"/posts/{post}/reach");
        return string.Join("|", page.QuerySelectorAll("[data-stage], .reach-table td").Select(e => e.TextContent.Trim()));
    }

    private Task<long> RowsAsync(string table, long post) =>
        TestData.ScalarAsync<long>(_app, $"SELECT COUNT(*) FROM {table} WHERE post_id = @post", new { post });
}
