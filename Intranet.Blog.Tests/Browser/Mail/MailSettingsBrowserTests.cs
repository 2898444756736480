using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Mail;

/// The mail settings on a phone without script: reached from the notification settings, plain radio buttons and
/// checkboxes, saved with the button. This demo server has no mail server, and the page says so.
public sealed class MailSettingsBrowserTests : BrowserTest
{
    [Test]
    public async Task On_a_phone_without_script_a_person_chooses_a_daily_digest_and_no_must_read_mails()
    {
        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone, javaScript: false, at: "/notifications/settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mail-Einstellungen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mail-Einstellungen" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Dieser Server verschickt keine E-Mails");
        await Expect(page.GetByLabel("Wöchentlich, montags zu Beginn meiner Arbeitszeit")).ToBeCheckedAsync();

        await page.GetByLabel("Täglich, zu Beginn jedes meiner Arbeitstage").CheckAsync();
        await page.GetByLabel("Rundschreiben, die ich in der App noch nicht geöffnet habe").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();

        await Expect(page.GetByText("Gespeichert.", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Täglich, zu Beginn jedes meiner Arbeitstage")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Rundschreiben, die ich in der App noch nicht geöffnet habe")).Not.ToBeCheckedAsync();
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), "nothing wider than the phone");
        await ScreenshotAsync(page, "mail-settings-375");
    }

    [Test]
    public async Task Without_a_mail_server_the_sign_in_page_says_whom_to_ask_instead_of_offering_a_reset_by_mail()
    {
        var context = await NewContextAsync(Phone, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await Expect(page.GetByText("Passwort vergessen? Eine Administratorin oder ein Administrator kann dir einen Link")).ToBeVisibleAsync();
        await page.GotoAsync("/account/forgot");
        await Expect(page.Locator("form[action='/account/forgot']")).ToHaveCountAsync(0);
    }
}
