using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Announcements;

/// An executive sends a must-read memo to two departments; a colleague in one of them finds it pinned without reloading,
/// acknowledges it, and the executive's progress moves without reloading either.
[Category("Browser")]
public sealed class MustReadJourneyTests : BrowserTest
{
    [Test]
    public async Task A_must_read_memo_to_two_departments_is_pinned_live_acknowledged_and_its_progress_moves()
    {
        var sales = await TestData.DepartmentAsync(App, TestData.Unique("Vertrieb"));
        var service = await TestData.DepartmentAsync(App, TestData.Unique("Service"));
        var salesName = await TestData.ScalarAsync<string>(App, "SELECT name FROM departments WHERE id = @sales", new { sales });
        var serviceName = await TestData.ScalarAsync<string>(App, "SELECT name FROM departments WHERE id = @service", new { service });
        var executive = await TestData.PersonAsync(App, Roles.Executive);
        var staff = await TestData.PersonAsync(App, departmentId: sales);
        await TestData.PersonAsync(App, departmentId: service);
        var ceo = await NewSignedInPageAsync(executive.Email, executive.Password);
        var reader = await NewSignedInPageAsync(staff.Email, staff.Password);
        await ExpectLiveAsync(reader);
        var title = TestData.Unique("Neue Arbeitszeitregelung");

        await ceo.GotoAsync("/posts/new");
        await ceo.GetByLabel("Titel").FillAsync(title);
        await ceo.Locator("#body").FillAsync("Ab dem 1. gilt die Gleitzeit von 7 bis 19 Uhr.");
        await ceo.GetByLabel("Als Mitteilung veröffentlichen").CheckAsync();
        await ceo.GetByLabel("Diese Abteilungen mit ihren Unterabteilungen").CheckAsync();
        await ceo.GetByLabel(salesName).CheckAsync();
        await ceo.GetByLabel(serviceName).CheckAsync();
        await ceo.GetByLabel("Rundschreiben: alle Adressaten").CheckAsync();
        await ceo.GetByLabel("Fällig bis").FillAsync(Memos.InDays(TimeProvider.System, 7));
        await ScreenshotAsync(ceo, "must-read-editor", fullPage: true);
        await ceo.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await ceo.GetByRole(AriaRole.Link, new() { Name = "Stand der Lesebestätigungen" }).ClickAsync();
        await Expect(ceo.Locator(".progress-total strong")).ToHaveTextAsync("0 von 2 haben bestätigt");
        await ExpectLiveAsync(ceo);
        await ceo.EvaluateAsync("window.__sameDocument = true");

        var pinned = reader.Locator("[data-announcements] article").Filter(new() { HasText = title });
        await Expect(pinned).ToBeVisibleAsync();
        await Expect(pinned).ToContainTextAsync("Rundschreiben");
        await ScreenshotAsync(reader, "must-read-pinned");
        await pinned.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(reader.GetByText("Lesebestätigung erforderlich: der Absender sieht, wer bestätigt hat.")).ToBeVisibleAsync();
        await reader.GetByRole(AriaRole.Button, new() { Name = "Gelesen und verstanden" }).ClickAsync();
        await Expect(reader.GetByText("Du hast Version 1 bestätigt.")).ToBeVisibleAsync();
        await Expect(reader.Locator("#acknowledged")).ToBeFocusedAsync();

        await Expect(ceo.Locator(".progress-total strong")).ToHaveTextAsync("1 von 2 haben bestätigt");
        await Expect(ceo.Locator($"[data-department-progress='{sales}']")).ToContainTextAsync("1 (100 %)");
        Assert.That(await ceo.EvaluateAsync<bool>("() => window.__sameDocument === true"), Is.True, "the progress page reloaded");
        await ScreenshotAsync(ceo, "must-read-progress");
    }

    [Test]
    public async Task At_375_px_and_without_javascript_the_acknowledgement_still_works()
    {
        var department = await TestData.DepartmentAsync(App);
        var executive = await TestData.PersonAsync(App, Roles.Executive);
        var staff = await TestData.PersonAsync(App, departmentId: department);
        using var author = await KestrelSession.SignInAsync(App, executive);
        var id = await Memos.PublishedAsync(author.Http, TestData.Unique("Brandschutz"), mustRead: true, Memos.InDays(TimeProvider.System, 7), department);
        var reader = await NewSignedInPageAsync(staff.Email, staff.Password, Phone, javaScript: false);

        await Expect(reader.Locator($"[data-announcements] #post-{id}")).ToBeVisibleAsync();
        await ScreenshotAsync(reader, "must-read-feed-375");
        await reader.GotoAsync($"/posts/{id}");
        await ScreenshotAsync(reader, "must-read-post-375", fullPage: true);
        await reader.GetByRole(AriaRole.Button, new() { Name = "Gelesen und verstanden" }).ClickAsync();

        await Expect(reader.GetByText("Du hast Version 1 bestätigt.")).ToBeVisibleAsync();
        await reader.GotoAsync("/");
        await Expect(reader.Locator($"[data-announcements] #post-{id}")).ToHaveCountAsync(0);
        Assert.That(await reader.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "no sideways scrolling");
    }
}
