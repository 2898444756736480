using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Admin;

[Category(TestEngine.SqliteOnly)]
public sealed class BackupPageTests : BrowserTest
{
    [TestCase(Desktop)]
    [TestCase(Phone)]
    public async Task An_admin_downloads_a_backup_with_a_button_that_says_it_holds_no_sign_in_keys(int width)
    {
        var admin = await NewSignedInPageAsync("admin@demo.example", width: width, at: "/admin/backup");

        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Sicherung", Level = 1 })).ToBeVisibleAsync();
        await Expect(admin.GetByText("nicht die Anmeldeschlüssel")).ToBeVisibleAsync();
        await ScreenshotAsync(admin, $"admin-backup-{width}", fullPage: true);
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Sicherung herunterladen" }).ClickAsync());

        Assert.That(download.SuggestedFilename, Does.Match("^intranet-backup-[0-9]{8}-[0-9]{6}\\.zip$"));
    }
}
