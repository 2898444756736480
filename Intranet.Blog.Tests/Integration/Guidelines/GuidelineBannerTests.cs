using Intranet.Blog.Infrastructure.Auth;
using Intranet.Blog.Tests.Support;

namespace Intranet.Blog.Tests.Integration.Guidelines;

/// A version published while someone is signed in reaches them on their next page, as a banner leading to the
/// guidelines and back; the navigation always leads there. Its own app: guidelines are global.
public sealed class GuidelineBannerTests : AppFixture
{
    [Test]
    public async Task A_signed_in_person_sees_a_banner_after_a_new_version_until_they_accept_it()
    {
        var admin = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App, Roles.Admin));
        var staff = await TestData.SignedInClientAsync(App, await TestData.PersonAsync(App));
        var before = await TestData.GetPageAsync(staff, "/people");
        Assert.That(before.QuerySelector(".guidelines-banner"), Is.Null, "no guidelines, no banner");
        Assert.That(before.QuerySelector(".user-menu a[href='/guidelines']"), Is.Not.Null, "the guidelines are in the navigation");

        await TestData.PostFormAsync(admin, "/admin/guidelines", "/admin/guidelines", new() { ["body"] = "Freundlich bleiben." });

        var banner = (await TestData.GetPageAsync(staff, "/people")).QuerySelector(".guidelines-banner");
        Assert.That(banner?.TextContent, Does.Contain("Neue Richtlinien wurden veröffentlicht"), "on the next page, without signing in again");
        Assert.That(banner!.QuerySelector("a")!.GetAttribute("href"), Is.EqualTo("/guidelines?returnUrl=%2Fpeople"));
        var guidelines = await TestData.GetPageAsync(staff, "/guidelines?returnUrl=%2Fpeople");
        Assert.That(guidelines.QuerySelector(".guidelines-banner"), Is.Null, "the guidelines page itself needs none");
        var version = guidelines.QuerySelector("input[name=version]")!.GetAttribute("value")!;

        await TestData.PostFormAsync(staff, "/guidelines", "/guidelines/accept", new() { ["version"] = version, ["returnUrl"] = "/people" });

        Assert.That((await TestData.GetPageAsync(staff, "/people")).QuerySelector(".guidelines-banner"), Is.Null, "accepted: gone");
    }
}
