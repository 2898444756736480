using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Live;

/// Two people at once: the executive writes, a staff member reads, each in their own browser context.
public sealed class LiveUpdatesTests : BrowserTest
{
    private const string NoReloadMarker = "window.__sameDocument = true";
    private const string StillSameDocument = "() => window.__sameDocument === true";

    [Test]
    public async Task A_new_micropost_and_article_appear_in_a_readers_feed_without_a_reload()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        await staff.EvaluateAsync(NoReloadMarker);
        var micro = TestData.Unique("Kurz notiert");
        var title = TestData.Unique("Strategie 2030");

        await Feeds.PostMicroAsync(ceo, micro);
        await Expect(Feeds.Card(staff, micro)).ToBeVisibleAsync();
        await ceo.GotoAsync("/posts/new");
        await ceo.GetByLabel("Titel").FillAsync(title);
        await ceo.GetByLabel("Text").FillAsync("Wohin wir wollen, in drei Absätzen.");
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await Expect(Feeds.Card(staff, title)).ToBeVisibleAsync();

        Assert.That(await staff.EvaluateAsync<bool>(StillSameDocument), Is.True, "the feed reloaded");
        await Expect(staff.Locator("[data-feed] > article").First).ToContainTextAsync(title);
        await Expect(staff.Locator("[data-feed] > article").Nth(1)).ToContainTextAsync(micro);
    }

    [Test]
    public async Task The_author_on_the_post_page_sees_a_comment_and_reaction_counts_arrive_live()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var id = await Feeds.PostMicroAsync(ceo, TestData.Unique("Wer kommt zum Sommerfest?"));
        await ceo.GotoAsync($"/posts/{id}");
        await ExpectLiveAsync(ceo);
        await ceo.EvaluateAsync(NoReloadMarker);
        var comment = TestData.Unique("Ich bin dabei");

        await staff.GotoAsync($"/posts/{id}");
        await staff.GetByLabel("Dein Kommentar").FillAsync(comment);
        await staff.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
        await Expect(ceo.Locator("[data-thread]").GetByText(comment)).ToBeVisibleAsync();
        await Expect(ceo.Locator("[data-comment-total]")).ToHaveTextAsync("(1)");

        await PostReaction(staff, "Gefällt mir").ClickAsync();
        await PostReaction(staff, "Feiern").ClickAsync();
        await Expect(PostReaction(ceo, "Gefällt mir")).ToContainTextAsync("1");
        await Expect(PostReaction(ceo, "Feiern")).ToContainTextAsync("1");
        await PostReaction(staff, "Feiern").ClickAsync();
        await Expect(PostReaction(ceo, "Feiern")).Not.ToContainTextAsync("1");

        await Expect(PostReaction(ceo, "Gefällt mir")).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.That(await ceo.EvaluateAsync<bool>(StillSameDocument), Is.True, "the post page reloaded");
    }

    /// A card shows the kinds with a count: "Reagieren" opens all six in place, a choice closes them, and a kind that gets
    /// its first reaction elsewhere appears on every open card, and goes when it is taken back.
    [Test]
    public async Task A_cards_reaction_picker_opens_in_place_and_counts_come_and_go_live()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var text = TestData.Unique("Wer kommt zum Laufen?");
        await Feeds.PostMicroAsync(ceo, text);
        await staff.EvaluateAsync(NoReloadMarker);
        var staffCard = Feeds.Card(staff, text);
        var ceoCard = Feeds.Card(ceo, text);
        await Expect(staffCard.Locator("[data-reactions] button")).ToHaveCountAsync(0);

        // With script the link is a button: Space opens it, as it opens a button, and the arrows walk the kinds.
        var react = staffCard.GetByRole(AriaRole.Button, new() { Name = "Reagieren" });
        await Expect(react).ToHaveAttributeAsync("aria-expanded", "false");
        await react.FocusAsync();
        await staff.Keyboard.PressAsync(" ");
        await Expect(react).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(staffCard.Locator("[data-reactions] button")).ToHaveCountAsync(6);
        await Expect(staffCard.Locator("[data-reactions] button").First).ToBeFocusedAsync();
        await staff.Keyboard.PressAsync("ArrowRight");
        await Expect(staffCard.Locator("[data-reactions] button").Nth(1)).ToBeFocusedAsync();
        await staff.Keyboard.PressAsync("ArrowLeft");
        await staff.Keyboard.PressAsync("ArrowLeft");
        await Expect(react).ToBeFocusedAsync();
        await staffCard.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(staff, "reaction-picker-open-1280");
        await staff.SetViewportSizeAsync(375, 800);
        await staffCard.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync(staff, "reaction-picker-open-375");
        await staffCard.GetByRole(AriaRole.Button, new() { Name = "Feiern" }).ClickAsync();

        var celebrate = staffCard.GetByRole(AriaRole.Button, new() { Name = "Feiern" });
        await Expect(celebrate).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(celebrate).ToBeFocusedAsync();
        await Expect(staffCard.Locator("[data-reactions] button")).ToHaveCountAsync(1);
        await Expect(react).ToHaveAttributeAsync("aria-expanded", "false");
        var seen = ceoCard.GetByRole(AriaRole.Button, new() { Name = "Feiern" });
        await Expect(seen).ToContainTextAsync("1");
        await Expect(seen).ToHaveAttributeAsync("aria-pressed", "false");

        await celebrate.ClickAsync();
        await Expect(ceoCard.Locator("[data-reactions] button")).ToHaveCountAsync(0);
        Assert.That(await staff.EvaluateAsync<bool>(StillSameDocument), Is.True, "the feed reloaded");
    }

    [Test]
    public async Task The_author_sees_how_many_colleagues_have_the_post_open_and_that_someone_is_writing()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var id = await Feeds.PostMicroAsync(ceo, TestData.Unique("Feedback zur Kantine?"));
        await ceo.GotoAsync($"/posts/{id}");
        await Expect(ceo.GetByText("Nur du hast diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync();

        await staff.GotoAsync($"/posts/{id}");
        await Expect(ceo.GetByText("2 Kolleg:innen haben diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync();
        // Shown once the staff member's page has joined the post, so the typing signal has somewhere to go.
        await Expect(staff.GetByText("2 Kolleg:innen haben diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync();
        await staff.GetByLabel("Dein Kommentar").PressSequentiallyAsync("Gern mehr Salat");
        await Expect(ceo.GetByText("jemand schreibt …")).ToBeVisibleAsync();
        await Expect(staff.GetByText("jemand schreibt …")).ToBeHiddenAsync();

        await staff.GotoAsync("/");
        await Expect(ceo.GetByText("Nur du hast diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_reader_scrolled_down_gets_a_pill_instead_of_a_jump_and_the_pill_inserts_the_posts()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        await staff.Locator("[data-feed] > article").Nth(12).ScrollIntoViewIfNeededAsync();
        var reading = staff.Locator("[data-feed] > article").Nth(12);
        await Expect(reading).ToBeInViewportAsync();
        var before = await reading.BoundingBoxAsync();
        var scrolled = await staff.EvaluateAsync<double>("() => window.scrollY");
        var first = TestData.Unique("Erste Neuigkeit");
        var second = TestData.Unique("Zweite Neuigkeit");

        await Feeds.PostMicroAsync(ceo, first);
        await Feeds.PostMicroAsync(ceo, second);
        var pill = staff.GetByRole(AriaRole.Button, new() { Name = "2 neue Beiträge" });
        await Expect(pill).ToBeVisibleAsync();
        await Expect(pill).ToBeInViewportAsync();

        Assert.That(await staff.EvaluateAsync<double>("() => window.scrollY"), Is.EqualTo(scrolled), "scroll position");
        Assert.That((await reading.BoundingBoxAsync())!.Y, Is.EqualTo(before!.Y).Within(1), "the card being read moved");
        await Expect(Feeds.Card(staff, first)).ToHaveCountAsync(0);

        await pill.ClickAsync();
        await Expect(Feeds.Card(staff, second)).ToBeInViewportAsync();
        await Expect(staff.Locator("[data-feed] > article").First).ToContainTextAsync(second);
        await Expect(staff.Locator("[data-feed] > article").Nth(1)).ToContainTextAsync(first);
        await Expect(pill).ToBeHiddenAsync();
    }

    [Test]
    public async Task A_reader_back_online_sees_the_post_they_missed_exactly_once()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var missed = TestData.Unique("Während du weg warst");

        // A catch-up that starts just as the network goes is refused by the browser, which logs it as an error.
        ExpectBrowserProblem("net::ERR_INTERNET_DISCONNECTED");
        // Back online, a start the page makes at once may find the network not yet usable; SignalR logs the failed
        // negotiation as an error and the page tries again (what the test then waits for).
        ExpectBrowserProblem("Failed to fetch");
        await staff.Context.SetOfflineAsync(true);
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Offline");
        var id = await Feeds.PostMicroAsync(ceo, missed);
        await staff.Context.SetOfflineAsync(false);

        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live");
        await Expect(staff.Locator($"#post-{id}")).ToHaveCountAsync(1);
        // Once a later post has arrived, every push and catch-up about the missed one has been applied too.
        var later = TestData.Unique("Danach");
        await Feeds.PostMicroAsync(ceo, later);
        await Expect(Feeds.Card(staff, later)).ToBeVisibleAsync();
        await Expect(staff.Locator($"#post-{id}")).ToHaveCountAsync(1);
    }

    [Test]
    public async Task Pushes_wait_for_the_catch_up_after_a_reconnect_even_when_it_fails_once_so_nothing_missed_is_skipped()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var missed = TestData.Unique("Verpasst");
        var later = TestData.Unique("Später");
        var frames = new ConcurrentQueue<string>();
        staff.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => frames.Enqueue(frame.Text ?? "");
        var asked = new TaskCompletionSource();
        var fail = new TaskCompletionSource();
        var requests = 0;
        ExpectBrowserProblem("net::ERR_FAILED");

        await staff.Context.SetOfflineAsync(true);
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Offline");
        // Offline, the first catch-up is long over: the next request for missed events is the reconnect's. It waits,
        // then the network fails it; the one after it goes through.
        await staff.RouteAsync(new Regex(@"/live/events\?"), async route =>
        {
            if (Interlocked.Increment(ref requests) > 1)
            {
                await route.ContinueAsync();
                return;
            }

            asked.TrySetResult();
            await fail.Task;
            await route.AbortAsync("failed");
        });
        var missedId = await Feeds.PostMicroAsync(ceo, missed);
        long laterId;
        try
        {
            await staff.Context.SetOfflineAsync(false);
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The new connection is open and its catch-up on the way: the later post's push reaches the page first.
            laterId = await Feeds.PostMicroAsync(ceo, later);
            await WaitForAsync(() => frames.Any(f => f.Contains("\"target\":\"Event\"") && f.Contains($"\"targetId\":{laterId},")), "the later post's push");
            await staff.WaitForTimeoutAsync(500);
            await Expect(staff.Locator($"#post-{laterId}")).ToHaveCountAsync(0);
        }
        finally
        {
            // Also when a step above fails: a route handler left waiting keeps the page, and closing it, waiting for ever.
            fail.TrySetResult();
        }

        await Expect(staff.Locator($"#post-{missedId}")).ToHaveCountAsync(1);
        await Expect(staff.Locator($"#post-{laterId}")).ToHaveCountAsync(1);
        await Expect(staff.Locator("[data-feed] > article").First).ToContainTextAsync(later);
        await Expect(staff.Locator("[data-feed] > article").Nth(1)).ToContainTextAsync(missed);
        Assert.That(requests, Is.GreaterThanOrEqualTo(2), "the failed catch-up was not tried again");
    }

    [Test]
    public async Task The_connection_state_is_announced_as_a_status()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example");
        var status = staff.GetByRole(AriaRole.Status);

        await Expect(status).ToHaveTextAsync("Live");
        await Expect(status).ToHaveAttributeAsync("aria-live", "polite");
        ExpectBrowserProblem("net::ERR_INTERNET_DISCONNECTED");
        // Back online, a start the page makes at once may find the network not yet usable; SignalR logs the failed
        // negotiation as an error and the page tries again (what the test then waits for).
        ExpectBrowserProblem("Failed to fetch");
        await staff.Context.SetOfflineAsync(true);
        await Expect(status).ToHaveTextAsync("Offline");
        await staff.Context.SetOfflineAsync(false);
        await Expect(status).ToHaveTextAsync("Live");
    }

    [Test]
    public async Task A_cards_comment_count_arrives_live_in_the_singular_and_then_the_plural()
    {
        var (ceo, staff) = await TwoLiveFeedsAsync();
        var id = await Feeds.PostMicroAsync(ceo, TestData.Unique("Wer bringt Kuchen mit?"));
        var count = staff.Locator($"#post-{id} .comments-link");
        await Expect(count).ToHaveTextAsync("0 Kommentare");
        await staff.EvaluateAsync(NoReloadMarker);
        await ceo.GotoAsync($"/posts/{id}");

        foreach (var expected in new[] { "1 Kommentar", "2 Kommentare" })
        {
            await ceo.GetByLabel("Dein Kommentar").FillAsync(TestData.Unique("Ich"));
            await ceo.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();
            await Expect(count).ToHaveTextAsync(expected);
        }

        Assert.That(await staff.EvaluateAsync<bool>(StillSameDocument), Is.True, "the feed reloaded");
        await staff.ReloadAsync();
        await Expect(count).ToHaveTextAsync("2 Kommentare");
    }

    private async Task<(IPage Ceo, IPage Staff)> TwoLiveFeedsAsync()
    {
        var ceo = await NewSignedInPageAsync("ceo@demo.example");
        var staff = await NewSignedInPageAsync("staff@demo.example");
        await ExpectLiveAsync(ceo);
        await ExpectLiveAsync(staff);
        return (ceo, staff);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var waited = 0; !condition(); waited += 50)
        {
            Assert.That(waited, Is.LessThan(15_000), $"waited in vain for {what}");
            await Task.Delay(50);
        }
    }

    private static ILocator PostReaction(IPage page, string name) =>
        page.Locator(".post-page").GetByRole(AriaRole.Button, new() { Name = name });
}
