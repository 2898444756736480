using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Integration.Notifications;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Conversation;

/// Issue 6 end to end: find a colleague in the org chart, mention her in a comment, and she gets exactly one
/// tidy notification, live. Two people in two browser contexts; the demo organisation is around them.
public sealed class MentionJourneyTests : BrowserTest
{
    [Test]
    public async Task A_colleague_found_in_the_org_chart_and_mentioned_in_a_comment_gets_one_live_notification()
    {
        // Anneliese sits three levels down her own little chain, so the org chart shows her only once her
        // manager is opened (the chart opens the first two levels).
        var department = await TestData.DepartmentAsync(App, TestData.Unique("Konferenzplanung"));
        var chief = await TestData.PersonAsync(App, departmentId: department, name: TestData.Unique("Clara Chefin"));
        var lead = await TestData.PersonAsync(App, departmentId: department, managerId: chief.Id, name: TestData.Unique("Leo Leitung"));
        var manager = await TestData.PersonAsync(App, departmentId: department, managerId: lead.Id, name: TestData.Unique("Mara Teamleitung"));
        const string name = "Anneliese Journeytest";
        var anneliese = await TestData.PersonAsync(App, departmentId: department, managerId: manager.Id, name: name);
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE id = @id", new { id = anneliese.Id });
        // Inside her working hours whatever the wall clock says, as the bell tests do with the on-call admin.
        await Notify.AlwaysAsync(App, anneliese.Id);

        var lena = await NewSignedInPageAsync("staff@demo.example");
        var lenaId = await TestData.ScalarAsync<long>(App, "SELECT id FROM users WHERE email = 'staff@demo.example'");
        var text = TestData.Unique("Wer plant das Sommerfest");
        var post = await Feeds.PostMicroAsync(lena, text);

        // She follows the writer as well (after the post, so the post itself brings her nothing): still one entry.
        var her = await NewSignedInPageAsync(anneliese.Email, anneliese.Password, at: $"/people/{lenaId}");
        var follow = her.GetByRole(AriaRole.Button, new() { Name = "Folgen", Exact = true });
        await follow.ClickAsync();
        await Expect(her.Locator("button.follow")).ToHaveAttributeAsync("aria-pressed", "true");
        await her.GotoAsync("/");
        await ExpectLiveAsync(her);
        var badge = her.Locator("[data-bell-count]");
        await Expect(badge).ToBeHiddenAsync();
        await Expect(her.Locator("[data-bell]")).ToHaveAttributeAsync("aria-label", "Benachrichtigungen");
        await her.EvaluateAsync("window.__sameDocument = true");

        // Lena finds her in the org chart, opening it with the keyboard.
        await lena.GotoAsync("/people/orgchart");
        var link = lena.Locator($".orgchart a[href='/people/{anneliese.Id}']");
        await Expect(link).ToBeHiddenAsync();
        for (var opened = 0; !await link.IsVisibleAsync(); opened++)
        {
            Assert.That(opened, Is.LessThan(10), "the org chart never showed her");
            // The outermost closed branch above her; pinned by its own link, as it stops matching once open.
            var closed = lena.Locator($".orgchart details:not([open]):has(a[href='/people/{anneliese.Id}'])").First;
            var owner = await closed.Locator(":scope > summary a").GetAttributeAsync("href");
            var branch = lena.Locator($".orgchart details:has(> summary a[href='{owner}'])");
            await branch.Locator(":scope > summary").FocusAsync();
            await lena.Keyboard.PressAsync("Enter");
            await Expect(branch).ToHaveAttributeAsync("open", "");
        }

        await Expect(link).ToHaveTextAsync(name);
        await link.FocusAsync();
        await lena.Keyboard.PressAsync("Enter");
        await Expect(lena.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        Assert.That(lena.Url, Does.EndWith($"/people/{anneliese.Id}"));

        // Under the post Lena wrote, she mentions Anneliese, choosing from the list with the keyboard only.
        await lena.GotoAsync($"/posts/{post}");
        var box = lena.GetByLabel("Dein Kommentar");
        await box.FocusAsync();
        await lena.Keyboard.TypeAsync("Magst du das übernehmen, @annel");
        var list = lena.GetByRole(AriaRole.Listbox, new() { Name = "Personen zum Erwähnen" });
        await Expect(list).ToHaveAttributeAsync("data-query", "annel"); // the answer for what was typed last
        var option = list.GetByRole(AriaRole.Option, new() { NameRegex = new Regex(name) });
        await Expect(option).ToBeVisibleAsync();
        var index = (await list.GetByRole(AriaRole.Option).AllTextContentsAsync()).ToList().FindIndex(n => n.Contains(name, StringComparison.Ordinal));
        for (var i = 0; i <= index; i++)
        {
            await lena.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await lena.Keyboard.PressAsync("Enter");
        await Expect(list).ToBeHiddenAsync();
        await Expect(box).ToHaveValueAsync($"Magst du das übernehmen, @{handle} ");
        await lena.Keyboard.TypeAsync("Danke!");
        await lena.Keyboard.PressAsync("Tab");
        var submit = lena.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true });
        await Expect(submit).ToBeFocusedAsync();
        await lena.Keyboard.PressAsync("Enter");

        var comment = lena.Locator("article.comment").Filter(new() { HasText = "Magst du das übernehmen" });
        await Expect(comment).ToHaveCountAsync(1);
        var mention = comment.Locator("a.mention");
        await Expect(mention).ToHaveAttributeAsync("href", $"/people/{anneliese.Id}");
        await Expect(mention).ToHaveTextAsync($"@{handle}");
        var commentId = await comment.GetAttributeAsync("data-comment-id");

        // Anneliese's bell counts it without a reload.
        await Expect(badge).ToHaveTextAsync("1");
        await Expect(her.Locator("[data-bell]")).ToHaveAttributeAsync("aria-label", "1 ungelesene Benachrichtigung");
        Assert.That(await her.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "her page reloaded");

        // One entry, in words.
        await her.Locator("[data-bell]").ClickAsync();
        await Expect(her.GetByRole(AriaRole.Heading, new() { Name = "Benachrichtigungen", Level = 1 })).ToBeVisibleAsync();
        var entries = her.Locator(".notification");
        await Expect(entries).ToHaveCountAsync(1);
        await Expect(entries.Locator(".notification-text")).ToHaveTextAsync($"Lena Schmidt hat dich in „{text}“ erwähnt");
        await Expect(entries).ToHaveClassAsync(new Regex(@"\bunread\b"));
        Assert.That((await Notify.RowsAsync(App, anneliese.Id)).Select(r => (r.Kind, r.PostId)), Is.EqualTo(new[] { ("mention", post) }));

        // It leads to the comment, and reading it empties the bell.
        await entries.Locator("a.notification-link").ClickAsync();
        await Expect(her).ToHaveURLAsync(new Regex($"/posts/{post}#comment-{commentId}$"));
        await Expect(her.Locator($"#comment-{commentId}")).ToBeInViewportAsync();
        await Expect(her.Locator($"#comment-{commentId} a.mention")).ToHaveAttributeAsync("href", $"/people/{anneliese.Id}");
        await Expect(badge).ToBeHiddenAsync();
        await Expect(her.Locator("[data-bell]")).ToHaveAttributeAsync("aria-label", "Benachrichtigungen");
        await her.GotoAsync("/notifications");
        await Expect(her.Locator(".notification")).ToHaveCountAsync(1);
        await Expect(her.Locator(".notification.unread")).ToHaveCountAsync(0);
    }
}
