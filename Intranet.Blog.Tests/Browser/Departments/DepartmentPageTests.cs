using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Departments;

public sealed class DepartmentPageTests : BrowserTest
{
    /// The demo's Personal department: its head (by default, the department's highest-level person) and its influencer.
    private static async Task OpenPersonalAsync(IPage page)
    {
        await page.GotoAsync("/departments");
        await page.GetByRole(AriaRole.Link, new() { Name = "Personal", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Personal", Level = 1 })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_phone_without_script_shows_the_department_and_the_head_appoints_an_influencer_with_the_form()
    {
        var admin = await NewSignedInPageAsync("admin@demo.example", width: Phone, javaScript: false);
        await OpenPersonalAsync(admin);
        var colleague = await admin.Locator("#people .people-group").First.Locator("a").First.TextContentAsync();
        Assert.That(colleague, Is.Not.Empty);

        await Expect(admin.Locator(".department-about")).ToContainTextAsync("Von der Bewerbung bis zum Ruhestand");
        await Expect(admin.Locator(".influencers")).ToContainTextAsync("Jana Hoffmann");
        await ScreenshotAsync(admin, "department-page-375");
        Assert.That(await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Phone), "nothing wider than the phone");

        await admin.GetByLabel("Influencer ernennen").FillAsync("staff@demo.example");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Ernennen" }).ClickAsync();

        await Expect(admin.Locator(".influencers")).ToContainTextAsync("Lena Schmidt");
    }

    [Test]
    public async Task The_page_on_a_wide_screen_shows_description_people_and_posts()
    {
        // The managing director reads it like everyone else: an executive curates no department.
        var page = await NewSignedInPageAsync("ceo@demo.example");
        await OpenPersonalAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Wen man fragen kann" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Beiträge", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Beschreibung bearbeiten" })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "department-page-1280");
    }
}
