using System.Globalization;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Notifications;

/// Two people at once: the demo admin (on call, so always inside working hours) and a staff member who comments.
public sealed class BellTests : BrowserTest
{
    [Test]
    public async Task The_bell_counts_up_without_a_reload_when_someone_comments_on_my_post()
    {
        var admin = await NewSignedInPageAsync("admin@demo.example");
        var staff = await NewSignedInPageAsync("staff@demo.example");
        await ExpectLiveAsync(admin);
        var id = await Feeds.PostMicroAsync(admin, TestData.Unique("Wer hat den Schlüssel?"));
        await admin.EvaluateAsync("window.__sameDocument = true");
        var badge = admin.Locator("[data-bell-count]");
        var before = await badge.IsHiddenAsync() ? 0 : int.Parse(await badge.TextContentAsync() ?? "0", CultureInfo.InvariantCulture);

        await staff.GotoAsync($"/posts/{id}");
        await staff.GetByLabel("Dein Kommentar").FillAsync("Liegt am Empfang.");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Kommentar", Exact = true }).ClickAsync();

        var after = (before + 1).ToString(CultureInfo.InvariantCulture);
        await Expect(badge).ToHaveTextAsync(after);
        await Expect(admin.Locator("[data-bell]")).ToHaveAttributeAsync("aria-label", before + 1 == 1 ? "1 ungelesene Benachrichtigung" : $"{after} ungelesene Benachrichtigungen");
        Assert.That(await admin.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the page reloaded");

        await admin.Locator("[data-bell]").ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Benachrichtigungen", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.Locator(".notification.unread").First).ToContainTextAsync("Lena Schmidt hat");
    }

    [Test]
    public async Task A_department_is_followed_and_unfollowed_in_place()
    {
        var staff = await NewSignedInPageAsync("staff@demo.example", width: Phone, at: "/departments");
        await staff.EvaluateAsync("window.__sameDocument = true");
        var row = staff.Locator(".department-row").Filter(new() { HasText = "Einkauf" });
        var button = row.GetByRole(AriaRole.Button);
        var pressed = await button.GetAttributeAsync("aria-pressed") == "true";

        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("aria-pressed", pressed ? "false" : "true");
        await Expect(button).ToHaveTextAsync(pressed ? "Folgen" : "Gefolgt");
        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("aria-pressed", pressed ? "true" : "false");

        Assert.That(await staff.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the page reloaded");
        await staff.ReloadAsync();
        await Expect(staff.Locator(".department-row").Filter(new() { HasText = "Einkauf" }).GetByRole(AriaRole.Button))
            .ToHaveAttributeAsync("aria-pressed", pressed ? "true" : "false");
    }
}
