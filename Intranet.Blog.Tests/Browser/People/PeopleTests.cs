using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.People;

public sealed class PeopleTests : BrowserTest
{
    [Test]
    public async Task The_directory_filters_as_you_type_without_reloading_the_page()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/people");
        await page.EvaluateAsync("() => { window.samePage = true; }");

        await page.GetByLabel("Suche nach Name, Funktion oder Abteilung").PressSequentiallyAsync("tobias krü");

        var results = page.Locator(".directory .name");
        await Expect(results).ToHaveTextAsync(["Tobias Krüger"]);
        await Expect(page.Locator("[data-result-count]")).ToHaveTextAsync("1 Person gefunden.");
        Assert.That(await page.EvaluateAsync<bool>("() => window.samePage === true"), Is.True, "filtered in place, no page load");
        // Awaited, not read: "tob" already leaves only Tobias, so the list can settle before the debounced address does.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=tobias"));

        await page.GetByLabel("Suche nach Name, Funktion oder Abteilung").FillAsync("");
        await page.GetByLabel("Abteilung", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "IT" });
        // Tobias is in IT too, so the old list would pass a look at the rows; the address changes only once the
        // department's answer is drawn (clearing the box may have sent an unfiltered request of its own first).
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("department=[^&]+"));
        Assert.That(await page.Locator(".directory .meta").AllTextContentsAsync(), Has.All.Contains("IT"));
    }

    [Test]
    public async Task The_org_chart_opens_a_collapsed_person_with_the_keyboard()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/people/orgchart");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Dr. Katharina Berger" })).ToBeVisibleAsync();

        // Pinned to one person: ":not([open])" would move on to the next collapsed node once this one opens.
        var href = await page.Locator(".orgchart details:not([open]) > summary a").First.GetAttributeAsync("href");
        var collapsed = page.Locator($".orgchart details:has(> summary a[href='{href}'])");
        var summary = collapsed.Locator(":scope > summary");
        var firstReport = collapsed.Locator(":scope > ul > li a").First;
        await Expect(firstReport).ToBeHiddenAsync();

        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(collapsed).ToHaveAttributeAsync("open", "");
        await Expect(firstReport).ToBeVisibleAsync();
    }

    [Test]
    public async Task Insert_image_uploads_the_file_and_puts_its_markdown_at_the_cursor()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", at: "/posts/new");
        var body = page.GetByLabel("Text (Markdown)");
        await body.FillAsync("Vorher");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bild einfügen" })).ToBeVisibleAsync();

        await page.Locator("[data-image-file]").SetInputFilesAsync(new FilePayload { Name = "diagramm.png", MimeType = "image/png", Buffer = Images.Png(40, 20) });

        await Expect(body).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^Vorher\n\n!\[diagramm\]\(/uploads/[0-9a-f]{32}\.png\)$"));
        await Expect(page.Locator("[data-image-status]")).ToHaveTextAsync("Bild eingefügt.");
    }

    [Test]
    public async Task Profile_and_org_chart_are_captured_at_phone_and_desktop_width([Values(Phone, Desktop)] int width)
    {
        var page = await NewSignedInPageAsync("staff@demo.example", width: width, at: "/people/me/edit");
        await page.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "ich.png", MimeType = "image/png", Buffer = Images.Png(64, 64, 0x0b, 0x7a, 0x75) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lena Schmidt", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".profile-head img.avatar")).ToBeVisibleAsync();
        // Visible is not yet decoded: under a full suite's load the image's bytes arrive after its box is laid out.
        await page.WaitForFunctionAsync("() => document.querySelector('.profile-head img.avatar')?.complete === true");
        Assert.That(await page.Locator(".profile-head img.avatar").EvaluateAsync<int>("img => img.naturalWidth"), Is.EqualTo(256), "the photo loads, as its 256 px rendition");
        await ScreenshotAsync(page, $"profile-{width}", fullPage: true);
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), Is.True, "profile fits");

        await page.GotoAsync("/people/orgchart");
        await ScreenshotAsync(page, $"orgchart-{width}", fullPage: width == Desktop);
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), Is.True, "org chart fits");

        await page.GotoAsync("/people");
        Assert.That(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), Is.True, "directory fits");
    }
}
