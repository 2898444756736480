using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.Departments;

/// A fixture of its own: it ends the demo influencer's appointment.
public sealed class CurationRightsLiveTests : BrowserTest
{
    [Test]
    public async Task An_influencer_whose_appointment_ends_loses_the_controls_on_the_open_page_without_reloading()
    {
        var influencer = await NewSignedInPageAsync("influencer@demo.example", at: "/departments");
        await influencer.GetByRole(AriaRole.Link, new() { Name = "Personal", Exact = true }).ClickAsync();
        var edit = influencer.GetByRole(AriaRole.Link, new() { Name = "Beschreibung bearbeiten" });
        await Expect(edit).ToBeVisibleAsync();
        await ExpectLiveAsync(influencer);
        await influencer.EvaluateAsync("() => { window.samePage = true; }");

        var admin = await NewSignedInPageAsync("admin@demo.example", at: influencer.Url);
        var row = admin.Locator(".influencers li").Filter(new() { HasText = "Jana Hoffmann" });
        admin.Dialog += (_, dialog) => dialog.AcceptAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Entfernen Jana Hoffmann" }).ClickAsync();
        await Expect(admin.Locator("#people .people-cards")).Not.ToContainTextAsync("Jana Hoffmann");

        await Expect(edit).ToHaveCountAsync(0);
        await Expect(influencer.Locator(".department-people")).Not.ToContainTextAsync("Jana Hoffmann");
        Assert.That(await influencer.EvaluateAsync<bool>("() => window.samePage === true"), Is.True, "changed in place, no page load");
    }
}
