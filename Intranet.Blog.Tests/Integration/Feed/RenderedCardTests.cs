using System.Net;
using System.Reflection;
using System.Text.Encodings.Web;
using AngleSharp.Dom;
using Intranet.Blog.Features.Posts;
using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Infrastructure.Web;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;

namespace Intranet.Blog.Tests.Integration.Feed;

/// Cards and comments are rendered once and reused (RenderedFragments): whoever loads one first, everyone else must still
/// get their own token, their own controls and what the card shows now.
public sealed class RenderedCardTests : AppFixture
{
    private async Task<(TestPerson Person, HttpClient Client)> SomeoneAsync(string role = Roles.Staff)
    {
        var person = await TestData.PersonAsync(App, role);
        return (person, await TestData.SignedInClientAsync(App, person));
    }

    private static async Task<IElement> CardAsync(HttpClient client, long authorId, long postId) =>
        (await TestData.GetPageAsync(client, $"/?author={authorId}")).QuerySelector($"#post-{postId}")
        ?? throw new AssertionException($"No card for post {postId}");

    /// A card's reaction buttons post the page's one reactions form (form="act"), which carries the token; the card
    /// itself carries none, so a card stored for everyone can never hold someone's token.
    private static string Token(IElement card)
    {
        Assert.That(card.QuerySelectorAll("input[name=__RequestVerificationToken]"), Is.Empty);
        Assert.That(card.QuerySelectorAll("[data-reactions] button").Select(b => b.GetAttribute("form")), Has.All.EqualTo("act"));
        return card.Owner!.QuerySelector("form#act input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    [Test]
    public async Task A_card_first_rendered_for_someone_else_carries_the_next_persons_own_token()
    {
        var (author, authorClient) = await SomeoneAsync();
        var postId = await TestData.MicroAsync(authorClient, "Geteilte Karte");
        var (_, first) = await SomeoneAsync();
        var (_, second) = await SomeoneAsync();

        var firstToken = Token(await CardAsync(first, author.Id, postId));
        var secondToken = Token(await CardAsync(second, author.Id, postId));
        using var react = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "like", ["returnUrl"] = "/", ["__RequestVerificationToken"] = secondToken,
        });
        var response = await second.PostAsync($"/posts/{postId}/reactions", react);

        Assert.That(secondToken, Is.Not.EqualTo(firstToken));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM reactions WHERE post_id = @postId", new { postId }), Is.EqualTo(1));
    }

    [Test]
    public async Task The_author_and_a_reader_each_see_their_own_controls_whoever_came_first()
    {
        var (author, authorClient) = await SomeoneAsync();
        var postId = await TestData.MicroAsync(authorClient, "Meine Karte");
        var (_, reader) = await SomeoneAsync();

        var readersBefore = await CardAsync(reader, author.Id, postId);
        var authors = await CardAsync(authorClient, author.Id, postId);
        var readersAfter = await CardAsync(reader, author.Id, postId);

        Assert.That(authors.QuerySelector("[data-author-only]")?.HasAttribute("hidden"), Is.False);
        Assert.That(authors.QuerySelector(".reach"), Is.Not.Null);
        foreach (var card in new[] { readersBefore, readersAfter })
        {
            Assert.That(card.QuerySelector(".owner-actions"), Is.Null);
            Assert.That(card.QuerySelector(".reach"), Is.Null);
        }
    }

    [Test]
    public async Task A_changed_name_and_a_new_reaction_show_on_the_next_load()
    {
        var (author, authorClient) = await SomeoneAsync();
        var postId = await TestData.MicroAsync(authorClient, "Vorher");
        var (_, reader) = await SomeoneAsync();
        await CardAsync(reader, author.Id, postId);

        var renamed = TestData.Unique("Umbenannt");
        await TestData.ScalarAsync<long>(App, "UPDATE users SET display_name = @renamed WHERE id = @id RETURNING id", new { renamed, id = author.Id });
        await TestData.PostFormAsync(authorClient, "/", $"/posts/{postId}/reactions", new() { ["kind"] = "celebrate", ["returnUrl"] = "/" });
        var card = await CardAsync(reader, author.Id, postId);

        Assert.That(card.QuerySelector(".name")!.TextContent, Is.EqualTo(renamed));
        Assert.That(card.QuerySelector("button[value=celebrate] [data-count]")!.TextContent, Is.EqualTo("1"));
        Assert.That(card.QuerySelector("button[value=celebrate]")!.GetAttribute("aria-pressed"), Is.EqualTo("false"));
        Assert.That((await CardAsync(authorClient, author.Id, postId)).QuerySelector("button[value=celebrate]")!.GetAttribute("aria-pressed"), Is.EqualTo("true"));
    }

    [Test]
    public async Task A_comment_first_rendered_for_someone_else_carries_the_next_persons_token_and_controls()
    {
        var (_, authorClient) = await SomeoneAsync();
        var postId = await TestData.MicroAsync(authorClient, "Mit Kommentar");
        var (_, commenter) = await SomeoneAsync();
        var commentId = await TestData.CommentAsync(commenter, postId, "Geteilter Kommentar");
        var (_, reader) = await SomeoneAsync();

        async Task<IElement> CommentAsync(HttpClient client) =>
            (await TestData.GetPageAsync(client, $"/posts/{postId}")).QuerySelector($"#comment-{commentId}")!;

        var readers = await CommentAsync(reader);
        var commenters = await CommentAsync(commenter);
        using var react = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "like", ["returnUrl"] = $"/posts/{postId}", ["__RequestVerificationToken"] = Token(commenters),
        });
        var response = await commenter.PostAsync($"/posts/{postId}/comments/{commentId}/reactions", react);

        Assert.That(Token(commenters), Is.Not.EqualTo(Token(readers)));
        Assert.That(readers.QuerySelector(".owner-actions"), Is.Null);
        Assert.That(commenters.QuerySelector("[data-author-only]")?.HasAttribute("hidden"), Is.False);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await CommentAsync(reader)).QuerySelector("button[value=like] [data-count]")!.TextContent, Is.EqualTo("1"));
    }

    [Test]
    public async Task A_post_page_shown_again_carries_the_same_thread_with_this_loads_own_token_and_follows_a_change()
    {
        var (_, authorClient) = await SomeoneAsync();
        var postId = await TestData.MicroAsync(authorClient, "Mit Gespräch");
        var (commenter, commenterClient) = await SomeoneAsync();
        var commentId = await TestData.CommentAsync(commenterClient, postId, "Erster Kommentar");
        var admin = await TestData.PersonAsync(App, Roles.Admin);
        var adminClient = await TestData.SignedInClientAsync(App, admin);

        // The first load writes the thread straight out, the second also keeps it, the third is written from what was kept.
        async Task<(string Html, IElement Thread, string PageToken)> LoadAsync()
        {
            var page = await TestData.GetPageAsync(adminClient, $"/posts/{postId}");
            return (page.DocumentElement.OuterHtml, page.QuerySelector($"[data-thread=\"{postId}\"]")!,
                page.QuerySelector("form#act input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
        }

        var first = await LoadAsync();
        await LoadAsync();
        var again = await LoadAsync();
        await TestData.ScalarAsync<long>(App, "UPDATE users SET display_name = 'Neu Benannt' WHERE id = @id RETURNING id", new { id = commenter.Id });
        var replyId = await TestData.CommentAsync(commenterClient, postId, "Eine Antwort", parentId: commentId);
        var changed = await LoadAsync();

        Assert.That(again.Thread.OuterHtml, Is.EqualTo(first.Thread.OuterHtml.Replace(first.PageToken, again.PageToken, StringComparison.Ordinal)));
        foreach (var load in new[] { first, again, changed })
        {
            Assert.That(load.Html, Does.Not.Contain("<!--request-token-"));
            Assert.That(load.Thread.QuerySelectorAll($".hide-form input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")),
                Is.Not.Empty.And.All.EqualTo(load.PageToken));
        }

        Assert.That(changed.Thread.QuerySelector($"#comment-{commentId} .name")!.TextContent, Is.EqualTo("Neu Benannt"));
        Assert.That(changed.Thread.QuerySelector($"#comment-{commentId} #comment-{replyId} .body")!.TextContent, Does.Contain("Eine Antwort"));
    }

    [Test]
    public async Task A_feed_page_shown_again_keeps_its_rows_with_each_places_own_next_page_and_follows_a_new_post()
    {
        var department = await TestData.DepartmentAsync(App);
        var (_, author) = await SomeoneAsync();
        for (var i = 0; i < 21; i++)
        {
            await TestData.MicroAsync(author, $"Abteilungsbeitrag {i}", department);
        }

        var (_, reader) = await SomeoneAsync();
        async Task<(IElement Rows, string? More)> LoadAsync(string url)
        {
            var page = await TestData.GetPageAsync(reader, url);
            return (page.QuerySelector("[data-feed]")!, page.QuerySelector("[data-more-url]")?.GetAttribute("data-more-url"));
        }

        // Three showings each: the third is written from what the second kept. The feed filtered by the department and
        // the department's own page read the same page of posts, but each loads more from its own address.
        var feed = new List<(IElement Rows, string? More)>();
        var departmentPage = new List<(IElement Rows, string? More)>();
        for (var i = 0; i < 3; i++)
        {
            feed.Add(await LoadAsync($"/?department={department}"));
            departmentPage.Add(await LoadAsync($"/departments/{department}"));
        }

        var newPost = await TestData.MicroAsync(author, "Ganz neu", department);
        var after = await LoadAsync($"/?department={department}");

        Assert.That(feed.Select(f => f.Rows.QuerySelectorAll("article[data-post-id]").Length), Has.All.EqualTo(20));
        Assert.That(feed[2].Rows.OuterHtml, Is.EqualTo(feed[0].Rows.OuterHtml));
        Assert.That(feed.Select(f => f.More), Has.All.StartsWith("/feed/more?"));
        Assert.That(departmentPage.Select(d => d.More), Has.All.StartsWith($"/departments/{department}/more?"));
        Assert.That(after.Rows.QuerySelector("article[data-post-id]")!.GetAttribute("data-post-id"), Is.EqualTo(newPost.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task The_new_since_your_last_visit_divider_stays_above_the_first_old_card_when_a_pinned_announcement_leaves_the_stream()
    {
        var (author, authorClient) = await SomeoneAsync();
        var (reader, readerClient) = await SomeoneAsync();
        var old = await TestData.PostAtAsync(App, author.Id, "Schon gesehen", DateTimeOffset.UtcNow.AddHours(-3));
        await TestData.GetPageAsync(readerClient, "/");
        // The reader's previous visit began two hours ago; since then an executive announced something and a colleague posted.
        await TestData.ExecuteAsync(App, "UPDATE users SET last_feed_visit = @at WHERE id = @id", new { at = DateTimeOffset.UtcNow.AddHours(-2), id = reader.Id });
        var executive = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Executive));
        var announced = await Memos.PublishedAsync(executive, TestData.Unique("Mitteilung"), mustRead: false, due: null);
        var fresh = await TestData.MicroAsync(authorClient, "Neu seit dem letzten Besuch");

        var feed = await TestData.GetPageAsync(readerClient, "/");

        Assert.That(feed.QuerySelector($"[data-announcements] #post-{announced}"), Is.Not.Null, "pinned above the stream");
        Assert.That(feed.QuerySelector($"[data-feed] #post-{announced}"), Is.Null, "not a second time in the stream");
        var divider = feed.QuerySelector("[data-feed] .new-divider") ?? throw new AssertionException("no divider");
        Assert.That(divider.PreviousElementSibling?.Id, Is.EqualTo($"post-{fresh}"));
        Assert.That(divider.NextElementSibling?.Id, Is.EqualTo($"post-{old}"));
    }

    [Test]
    public async Task An_idea_round_card_says_closed_once_its_time_has_passed_without_any_write()
    {
        var (executive, executiveClient) = await SomeoneAsync(Roles.Executive);
        var round = await IdeaForms.OpenAsync(executiveClient, "Wohin geht der Ausflug?", DateTimeOffset.UtcNow.AddDays(3));
        // Opened two days ago (its relative time stays "2 d ago" all day), closing in a few seconds.
        await TestData.ExecuteAsync(App, "UPDATE posts SET created_at = @at WHERE id = @round", new { at = DateTimeOffset.UtcNow.AddDays(-2), round });
        var closes = DateTimeOffset.UtcNow.AddSeconds(5);
        await TestData.ExecuteAsync(App, "UPDATE idea_rounds SET closes_at = @closes WHERE post_id = @round", new { closes, round });
        var (_, reader) = await SomeoneAsync();
        // Seen once already: the first showing counts the reader among those who saw it, which changes the card.
        await CardAsync(reader, executive.Id, round);

        var open = await CardAsync(reader, executive.Id, round);
        var untilClosed = closes - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500);
        await Task.Delay(untilClosed > TimeSpan.Zero ? untilClosed : TimeSpan.Zero);
        var closed = await CardAsync(reader, executive.Id, round);

        Assert.That(open.QuerySelector(".idea-closed"), Is.Null, "still open when first shown (a slow machine took over five seconds)");
        Assert.That(closed.QuerySelector(".idea-closed"), Is.Not.Null);
    }

    [Test]
    public async Task A_section_with_nothing_in_it_is_not_kept_as_an_entry_its_bound_does_not_count()
    {
        using var fragments = new RenderedFragments(HtmlEncoder.Default);
        var context = new DefaultHttpContext();
        for (var key = 0; key < 100; key++)
        {
            for (var shown = 0; shown < 3; shown++)
            {
                await fragments.SectionAsync(context, "thread", key, () => Task.FromResult<IHtmlContent>(HtmlString.Empty));
            }
        }

        var sections = (MemoryCache)typeof(RenderedFragments).GetField("_sections", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(fragments)!;
        Assert.That(sections.Count, Is.Zero);
    }
}
