using System.Text.RegularExpressions;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Drafts;

/// Writing an article without pressing any button: the text is saved while typing, survives a reload, and what was
/// typed just before leaving the page is saved too.
public sealed partial class AutosaveTests : BrowserTest
{
    [Test]
    public async Task Autosave_keeps_the_text_across_a_reload_and_when_the_page_is_left()
    {
        var title = TestData.Unique("Entwurf");
        var page = await NewSignedInPageAsync("staff@demo.example");
        await page.GetByRole(AriaRole.Link, new() { Name = "Schreiben", Exact = true }).ClickAsync();

        await page.GetByLabel("Titel").FillAsync(title);
        await page.GetByLabel("Text").FillAsync("Erster Absatz, noch nicht fertig.");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Entwurf gespeichert" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(DraftUrl());
        await page.ReloadAsync();

        await Expect(page.GetByLabel("Titel")).ToHaveValueAsync(title);
        await Expect(page.GetByLabel("Text")).ToHaveValueAsync("Erster Absatz, noch nicht fertig.");
        var id = long.Parse(DraftUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Typed and gone before the next timed save: the page's leaving sends it.
        await page.GetByLabel("Text").FillAsync("Erster Absatz, jetzt mit Schluss.");
        await page.GotoAsync("/drafts");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        for (var tries = 0; tries < 50 && await BodyAsync(id) != "Erster Absatz, jetzt mit Schluss."; tries++)
        {
            await Task.Delay(100);
        }

        Assert.That(await BodyAsync(id), Is.EqualTo("Erster Absatz, jetzt mit Schluss."));
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(page.GetByLabel("Text")).ToHaveValueAsync("Erster Absatz, jetzt mit Schluss.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Veröffentlichen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        Assert.That(await TestData.ScalarAsync<long>(App, "SELECT COUNT(*) FROM drafts WHERE id = @id", new { id }), Is.Zero, "published, no draft left");
    }

    [Test]
    public async Task On_a_phone_without_script_the_draft_is_saved_by_its_button_and_scheduled()
    {
        var title = TestData.Unique("Plan");
        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false, at: "/posts/new");
        await page.GetByLabel("Titel").FillAsync(title);
        await page.GetByLabel("Text").FillAsync("Ohne Skript geschrieben.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Als Entwurf speichern" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DraftUrl());
        await Expect(page.GetByLabel("Text")).ToHaveValueAsync("Ohne Skript geschrieben.");
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "the draft editor fits the phone");
        await ScreenshotAsync(page, "draft-editor-phone", fullPage: true);

        await page.GetByLabel("Veröffentlichen am").FillAsync(DraftForms.Local(DateTimeOffset.UtcNow.AddDays(3)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Planen" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/drafts$"));
        await Expect(page.Locator("#scheduled-title + ul").GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        Assert.That(await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");
        await ScreenshotAsync(page, "drafts-phone", fullPage: true);
    }

    [Test]
    public async Task An_autosave_the_server_cannot_take_says_why_and_is_saved_by_itself_once_it_can()
    {
        const string readOnly = "Schreiben ist gerade nicht möglich: der Server hat keinen Speicherplatz. Deine Eingaben bleiben im Formular.";
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/posts/new");
        await page.GetByLabel("Titel").FillAsync(TestData.Unique("Voll"));
        await page.GetByLabel("Text").FillAsync("Gespeichert.");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Entwurf gespeichert" })).ToBeVisibleAsync();
        var id = long.Parse(DraftUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        ExpectBrowserProblem("503");
        // Read-only mode answers the next save (the disk is full); after that the storage is back.
        var refused = 0;
        await page.RouteAsync($"**/drafts/{id}", async route =>
        {
            if (route.Request.Method == "POST" && Interlocked.Increment(ref refused) == 1)
            {
                await route.FulfillAsync(new()
                {
                    Status = 503,
                    ContentType = "application/problem+json",
                    Body = System.Text.Json.JsonSerializer.Serialize(new { status = 503, title = "Schreiben ist gerade nicht möglich", detail = readOnly }),
                });
                return;
            }

            await route.ContinueAsync();
        });

        await page.GetByLabel("Text").FillAsync("Geschrieben, als die Platte voll war.");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = readOnly })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Text")).ToHaveValueAsync("Geschrieben, als die Platte voll war.");
        // Nobody types again: the script tries once more by itself.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Entwurf gespeichert" })).ToBeVisibleAsync(new() { Timeout = 15000 });
        Assert.That(await BodyAsync(id), Is.EqualTo("Geschrieben, als die Platte voll war."));
    }

    [Test]
    public async Task What_was_typed_before_the_script_ran_is_saved_too()
    {
        var title = TestData.Unique("Früh");
        var page = await NewSignedInPageAsync("staff@demo.example");
        var typed = new TaskCompletionSource();
        await page.RouteAsync(new Regex(@"/js/drafts\.js"), async route =>
        {
            try
            {
                await typed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
            finally
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync("/posts/new", new() { WaitUntil = WaitUntilState.Commit });

        await page.GetByLabel("Titel").FillAsync(title);
        await page.GetByLabel("Text").FillAsync("Getippt, bevor das Skript da war.");
        typed.SetResult();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Entwurf gespeichert" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(DraftUrl());
        var id = long.Parse(DraftUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await BodyAsync(id), Is.EqualTo("Getippt, bevor das Skript da war."));
    }

    private Task<string> BodyAsync(long id) => TestData.ScalarAsync<string>(App, "SELECT body_md FROM drafts WHERE id = @id", new { id });

    [GeneratedRegex(@"/drafts/(\d+)/edit$")]
    private static partial Regex DraftUrl();
}
