using System.Net;
using Intranet.Blog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Intranet.Blog.Tests.Support.DraftForms;

namespace Intranet.Blog.Tests.Integration.Search;

/// Search finds only what is published: a draft and a scheduled post are found by nobody, neither on the results page
/// nor among the suggestions, until the draft is published and the scheduled post's time has come. Its own app,
/// because the clock is moved.
public sealed class UnpublishedSearchTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new BlogAppFactory(services: s => s.AddSingleton<TimeProvider>(_clock));

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private static string Word(string prefix) => prefix + TestData.Unique("x").Replace("-", "", StringComparison.Ordinal)[1..];

    private static async Task<bool> FoundAsync(HttpClient client, string word) =>
        (await client.GetStringAsync("/search?q=" + word)).Contains("data-post-id", StringComparison.Ordinal)
        || (await client.GetStringAsync("/search/suggest?q=" + word)).Contains("/posts/", StringComparison.Ordinal);

    [Test]
    public async Task A_draft_and_a_scheduled_post_are_found_by_nobody_until_they_are_published()
    {
        var authorClient = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var otherClient = await TestData.SignedInClientAsync(_app, await TestData.PersonAsync(_app));
        var drafted = Word("Entwurfssuche");
        var planned = Word("Plansuche");
        var draft = await NewAsync(authorClient, $"Titel {drafted}", $"Text mit {drafted}");
        var due = _clock.GetUtcNow().AddHours(1).AddMinutes(1);
        var scheduled = await TestData.PostFormAsync(authorClient, "/posts/new", "/drafts/schedule", Form($"Titel {planned}", $"Text mit {planned}", publishAt: Local(due)));
        Assert.That(scheduled.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        foreach (var client in new[] { otherClient, authorClient })
        {
            Assert.That(await FoundAsync(client, drafted), Is.False, "a draft is not found");
            Assert.That(await FoundAsync(client, planned), Is.False, "a scheduled post is not found");
        }

        Assert.That((await PostAsync(authorClient, draft, "/publish", Form($"Titel {drafted}", $"Text mit {drafted}"))).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await FoundAsync(otherClient, drafted), Is.True, "found the moment it is published");
        Assert.That(await FoundAsync(otherClient, planned), Is.False, "the scheduled one still waits");

        _clock.Advance(TimeSpan.FromHours(2));
        for (var tries = 0; tries < 100 && !await FoundAsync(otherClient, planned); tries++)
        {
            await Task.Delay(100);
        }

        Assert.That(await FoundAsync(otherClient, planned), Is.True, "found once its time has come");
    }
}
