using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using Intranet.Blog.Features.Live;
using Intranet.Blog.Features.Shared;
using Intranet.Blog.Infrastructure.Db;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Live;

public sealed class LiveEventTests
{
    private const string Attack = "<img src=x onerror=alert(1)>";
    private static readonly HtmlParser Parser = new();
    private BlogAppFactory _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new BlogAppFactory();
        // Kestrel must start before anything else builds the app's services.
        Assert.That(_app.Address.IsLoopback);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _app.DisposeAsync();

    [Test]
    public async Task Posting_commenting_and_reacting_each_push_exactly_their_own_event_in_commit_order()
    {
        using var author = await SignInAsync();
        using var reader = await SignInAsync();
        await using var hub = await reader.ConnectAsync();
        var before = await LastEventIdAsync();

        var micro = await TestData.MicroAsync(author.Http, TestData.Unique("Kurz"));
        var article = await TestData.ArticleAsync(author.Http, TestData.Unique("Titel"), "Ein *Artikel*.");
        var comment = await CommentAsync(author, article, "Erster!");
        await ReactAsync(reader, micro, "like", true);

        var rows = await EventsAfterAsync(before);
        var pushed = await hub.EventsUntilAsync(rows[^1].Id);
        Assert.That(rows.Select(r => (r.Kind, r.TargetId, r.PostId)), Is.EqualTo(new[]
        {
            (EventKinds.PostCreated, micro, (long?)micro),
            (EventKinds.PostCreated, article, article),
            (EventKinds.CommentCreated, comment, article),
            (EventKinds.PostReactions, micro, micro),
        }));
        Assert.That(pushed.Where(e => e.Id > before).Select(e => (e.Id, e.Kind, e.TargetId, e.PostId)),
            Is.EqualTo(rows.Select(r => (r.Id, r.Kind, r.TargetId, r.PostId))));
    }

    [Test]
    public async Task Racing_writes_to_one_post_reach_a_reader_in_commit_order()
    {
        using var author = await SignInAsync();
        var writers = new List<KestrelSession>();
        for (var i = 0; i < 3; i++)
        {
            writers.Add(await SignInAsync());
        }

        using var reader = await SignInAsync();
        var postId = await TestData.MicroAsync(author.Http, TestData.Unique("Viel los"));
        await using var hub = await reader.ConnectAsync();
        var before = await LastEventIdAsync();

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await CommentAsync(writer, postId, $"Beitrag {w}.{i}");
                await ReactAsync(writer, postId, ReactionKinds.All[i].Kind, true);
            }
        })));

        var committed = (await EventsAfterAsync(before)).Select(r => r.Id).ToList();
        var pushed = (await hub.EventsUntilAsync(committed[^1])).Select(e => e.Id).Where(id => id > before).ToList();
        Assert.That(committed, Has.Count.EqualTo(30));
        Assert.That(pushed, Is.EqualTo(committed), "every event once, by increasing id");
        foreach (var writer in writers)
        {
            writer.Dispose();
        }
    }

    [Test]
    public async Task A_post_is_pushed_as_a_viewer_neutral_card_to_each_reader_in_their_language_with_user_text_escaped()
    {
        using var author = await SignInAsync();
        using var reader = await SignInAsync(locale: "en");
        await using var hub = await author.ConnectAsync();
        await using var englishHub = await reader.ConnectAsync();

        var id = await TestData.MicroAsync(author.Http, Attack);

        var last = await LastEventIdAsync();
        var pushed = (await hub.EventsUntilAsync(last))[^1];
        var pushedInEnglish = (await englishHub.EventsUntilAsync(last))[^1];
        Assert.That(pushed.Html!.Keys, Is.EqualTo(new[] { "de" }));
        Assert.That(pushedInEnglish.Html!.Keys, Is.EqualTo(new[] { "en" }));
        var de = AssertViewerNeutral(pushed.Html["de"], $"article#post-{id}");
        var en = AssertViewerNeutral(pushedInEnglish.Html["en"], $"article#post-{id}");
        Assert.That(de.QuerySelector(".body")!.TextContent.Trim(), Is.EqualTo(Attack));
        Assert.That(de.QuerySelector(".comments-link")!.TextContent, Is.EqualTo("0 Kommentare"));
        Assert.That(en.QuerySelector(".comments-link")!.TextContent, Is.EqualTo("0 comments"));
    }

    [Test]
    public async Task An_article_is_pushed_as_its_card_with_title_and_excerpt()
    {
        using var author = await SignInAsync();
        await using var hub = await author.ConnectAsync();
        var title = TestData.Unique("Titel");

        var id = await TestData.ArticleAsync(author.Http, title, "Erster Absatz.");

        var pushed = (await hub.EventsUntilAsync(await LastEventIdAsync()))[^1];
        var card = AssertViewerNeutral(pushed.Html!["de"], $"article#post-{id}");
        Assert.That(card.QuerySelector("h2.title")!.TextContent.Trim(), Is.EqualTo(title));
        Assert.That(card.QuerySelector(".excerpt")!.TextContent.Trim(), Is.EqualTo("Erster Absatz."));
    }

    [Test]
    public async Task A_comment_is_pushed_viewer_neutral_to_each_reader_in_their_language_with_user_text_escaped()
    {
        using var author = await SignInAsync();
        using var reader = await SignInAsync(locale: "en");
        var postId = await TestData.MicroAsync(author.Http, TestData.Unique("Frage"));
        await using var hub = await author.ConnectAsync();
        await using var englishHub = await reader.ConnectAsync();

        var id = await CommentAsync(author, postId, Attack);

        var last = await LastEventIdAsync();
        var pushed = (await hub.EventsUntilAsync(last))[^1];
        var pushedInEnglish = (await englishHub.EventsUntilAsync(last))[^1];
        Assert.That((pushed.Kind, pushed.TargetId, pushed.PostId, pushed.Counts!["comments"]), Is.EqualTo((EventKinds.CommentCreated, id, (long?)postId, 1)));
        Assert.That(pushedInEnglish.Id, Is.EqualTo(pushed.Id));
        var de = AssertViewerNeutral(pushed.Html!["de"], $"article#comment-{id}");
        var en = AssertViewerNeutral(pushedInEnglish.Html!["en"], $"article#comment-{id}");
        Assert.That(de.QuerySelector(".body")!.TextContent.Trim(), Is.EqualTo(Attack));
        Assert.That(de.QuerySelector(".reply-link")!.TextContent, Is.EqualTo("Antworten"));
        Assert.That(en.QuerySelector(".reply-link")!.TextContent, Is.EqualTo("Reply"));
    }

    [Test]
    public async Task Setting_a_reaction_on_twice_writes_and_pushes_one_event_with_the_counts()
    {
        using var author = await SignInAsync();
        using var reader = await SignInAsync();
        var postId = await TestData.MicroAsync(author.Http, TestData.Unique("Gut"));
        await using var hub = await author.ConnectAsync();
        var before = await LastEventIdAsync();

        await ReactAsync(reader, postId, "like", true);
        await ReactAsync(reader, postId, "like", true);
        await ReactAsync(author, postId, "celebrate", true);

        var rows = await EventsAfterAsync(before);
        var pushed = (await hub.EventsUntilAsync(rows[^1].Id)).Where(e => e.Id > before).ToList();
        Assert.That(rows.Select(r => r.Kind), Is.EqualTo(new[] { EventKinds.PostReactions, EventKinds.PostReactions }));
        Assert.That(pushed.Select(e => e.Counts), Is.EqualTo(new[]
        {
            new Dictionary<string, int> { ["like"] = 1 },
            new Dictionary<string, int> { ["like"] = 1, ["celebrate"] = 1 },
        }));
    }

    [Test]
    public async Task A_comment_reaction_is_pushed_with_the_comments_counts()
    {
        using var author = await SignInAsync();
        var postId = await TestData.MicroAsync(author.Http, TestData.Unique("Frage"));
        var commentId = await CommentAsync(author, postId, "Antwort");
        await using var hub = await author.ConnectAsync();

        var response = await TestData.PostFormAsync(author.Http, "/", $"/posts/{postId}/comments/{commentId}/reactions", new() { ["kind"] = "insightful", ["state"] = "true" }, "application/json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var pushed = (await hub.EventsUntilAsync(await LastEventIdAsync()))[^1];
        Assert.That((pushed.Kind, pushed.TargetId, pushed.PostId), Is.EqualTo((EventKinds.CommentReactions, commentId, (long?)postId)));
        Assert.That(pushed.Counts, Is.EqualTo(new Dictionary<string, int> { ["insightful"] = 1 }));
    }

    [Test]
    public async Task An_event_for_one_person_reaches_only_that_persons_connections()
    {
        using var owner = await SignInAsync();
        using var other = await SignInAsync();
        var postId = await TestData.MicroAsync(owner.Http, TestData.Unique("Privat"));
        await using var ownerHub = await owner.ConnectAsync();
        await using var otherHub = await other.ConnectAsync();

        var secret = await AppendForAsync(owner.Person.Id, postId);
        await TestData.MicroAsync(other.Http, TestData.Unique("Danach"));

        var later = await LastEventIdAsync();
        Assert.That((await ownerHub.EventsUntilAsync(later)).Select(e => e.Id), Does.Contain(secret));
        Assert.That((await otherHub.EventsUntilAsync(later)).Select(e => e.Id), Does.Not.Contain(secret));
    }

    [Test]
    public async Task Catching_up_returns_an_event_for_one_person_only_to_that_person()
    {
        using var owner = await SignInAsync();
        using var other = await SignInAsync();
        var postId = await TestData.MicroAsync(owner.Http, TestData.Unique("Privat"));

        var secret = await AppendForAsync(owner.Person.Id, postId);

        Assert.That((await CatchUpAsync(owner, secret - 1)).Events.Select(e => e.Id), Does.Contain(secret));
        Assert.That((await CatchUpAsync(other, secret - 1)).Events.Select(e => e.Id), Does.Not.Contain(secret));
    }

    [Test]
    public async Task Naming_another_persons_group_joins_nothing()
    {
        using var owner = await SignInAsync();
        using var other = await SignInAsync();
        var postId = await TestData.MicroAsync(owner.Http, TestData.Unique("Privat"));
        await using var otherHub = await other.ConnectAsync();

        var join = await otherHub.InvokeAsync("JoinGroup", $"user:{owner.Person.Id}");
        var secret = await AppendForAsync(owner.Person.Id, postId);
        await TestData.MicroAsync(other.Http, TestData.Unique("Danach"));

        Assert.That(join.Error, Is.Not.Null);
        Assert.That((await otherHub.EventsUntilAsync(await LastEventIdAsync())).Select(e => e.Id), Does.Not.Contain(secret));
    }

    [Test]
    public async Task A_comment_under_a_deleted_post_takes_no_edit_or_delete_and_writes_no_event()
    {
        using var author = await SignInAsync();
        var postId = await TestData.MicroAsync(author.Http, TestData.Unique("Bald weg"));
        var commentId = await CommentAsync(author, postId, "Bleibt stehen");
        await TestData.PostFormAsync(author.Http, "/", $"/posts/{postId}/delete", []);
        var before = await LastEventIdAsync();

        var edit = await TestData.PostFormAsync(author.Http, "/", $"/comments/{commentId}/edit", new() { ["postId"] = postId.ToString(CultureInfo.InvariantCulture), ["body"] = "Neu" });
        var delete = await TestData.PostFormAsync(author.Http, "/", $"/comments/{commentId}/delete", []);

        Assert.That((edit.StatusCode, delete.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.NotFound)));
        Assert.That(await EventsAfterAsync(before), Is.Empty);
    }

    /// Every write path must leave out the antiforgery token, the viewer's own state and the owner's numbers.
    private static IElement AssertViewerNeutral(string html, string root)
    {
        var fragment = Parser.ParseDocument(html).QuerySelector(root)!;
        Assert.That(fragment, Is.Not.Null, root);
        Assert.That(fragment.QuerySelectorAll("img, script, [onerror]"), Is.Empty);
        Assert.That(fragment.QuerySelectorAll("input[name=__RequestVerificationToken]"), Is.Empty);
        Assert.That(fragment.QuerySelectorAll("[aria-pressed=true]"), Is.Empty);
        Assert.That(fragment.QuerySelectorAll("[data-owner-controls], [data-author-only], [data-owner-only]").Select(e => e.HasAttribute("hidden")), Has.All.True);
        Assert.That(fragment.QuerySelectorAll(".reach"), Is.Empty);
        return fragment;
    }

    private async Task<KestrelSession> SignInAsync(string? locale = null)
    {
        var session = await KestrelSession.SignInAsync(_app, await TestData.PersonAsync(_app));
        if (locale is not null)
        {
            var chosen = await TestData.PostFormAsync(session.Http, "/", "/account/language", new() { ["locale"] = locale, ["returnUrl"] = "/" });
            Assert.That(chosen.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        return session;
    }

    private static async Task<long> CommentAsync(KestrelSession session, long postId, string body)
    {
        var response = await TestData.PostFormAsync(session.Http, $"/posts/{postId}", $"/posts/{postId}/comments", new() { ["body"] = body });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[^1], CultureInfo.InvariantCulture);
    }

    private static async Task ReactAsync(KestrelSession session, long postId, string kind, bool state)
    {
        var fields = new Dictionary<string, string> { ["kind"] = kind, ["state"] = state ? "true" : "false" };
        var response = await TestData.PostFormAsync(session.Http, "/", $"/posts/{postId}/reactions", fields, "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<CatchUp> CatchUpAsync(KestrelSession session, long after) =>
        (await session.Http.GetFromJsonAsync<CatchUp>($"/live/events?after={after}"))!;

    /// A change only its owner may see (a notification, say), appended the way services do; the commit hands it to
    /// the live pipeline.
    private async Task<long> AppendForAsync(long userId, long postId)
    {
        await using var write = await _app.Service<Database>().BeginWriteAsync();
        var e = await _app.Service<EventStore>().AppendAsync(write, "test.personal", postId, postId, actorId: null, userId: userId);
        await write.CommitAsync();
        return e.Id;
    }

    private Task<long> LastEventIdAsync() => TestData.ScalarAsync<long>(_app, "SELECT COALESCE(MAX(id), 0) FROM events");

    private async Task<IReadOnlyList<EventRow>> EventsAfterAsync(long after)
    {
        await using var connection = await _app.Service<Database>().OpenAsync();
        return (await connection.QueryAsync<EventRow>("SELECT id, kind, target_id, post_id, user_id FROM events WHERE id > @after ORDER BY id", new { after })).AsList();
    }
}
