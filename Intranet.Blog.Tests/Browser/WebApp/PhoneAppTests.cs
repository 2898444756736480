using System.Text.Json;
using Intranet.Blog.Tests.Integration.Announcements;
using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Browser.WebApp;

/// The intranet on a phone: Chromium finds it installable (manifest, icons, a service worker), the worker shows
/// an offline page without a network and keeps no page with anyone's data, and what one taps most (composer,
/// bell, notifications, the acknowledgement) is a thumb's size.
public sealed class PhoneAppTests : BrowserTest
{
    private const int Thumb = 44;

    protected override bool ServiceWorkers => true;

    [Test]
    public async Task Chromium_finds_the_app_installable_and_without_a_network_it_shows_the_offline_page()
    {
        // Chromium refuses to install from an incognito profile, which every context of the shared browser is.
        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("intranet-blog-profile-");
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = SharedBrowser.Args,
            BaseURL = Address.ToString(),
            ViewportSize = new() { Width = Phone, Height = 800 },
            Locale = "de-DE",
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await SignInAsync(page, "staff@demo.example");
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");

        var cdp = await page.Context.NewCDPSessionAsync(page);
        var result = await cdp.SendAsync("Page.getInstallabilityErrors");
        var errors = result!.Value.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.GetProperty("errorId").GetString()).ToList();
        Assert.That(errors, Is.Empty, "Chromium's installability check");
        var manifest = await cdp.SendAsync("Page.getAppManifest");
        Assert.That(manifest!.Value.GetProperty("errors").GetArrayLength(), Is.Zero, manifest.Value.ToString());

        // Reload once so the worker controls the page, then cut the network.
        await page.ReloadAsync();
        await page.Context.SetOfflineAsync(true);
        await page.GotoAsync("/notifications");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Keine Verbindung" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Erneut versuchen" })).ToBeVisibleAsync();
        var cached = await page.EvaluateAsync<string[]>("""
            async () => {
              const urls = [];
              for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
              return urls;
            }
            """);
        Assert.That(cached, Has.All.Match(@"^/(offline\.html|favicon\.svg|(css|js|lib|icons)/.*)$"), "only the app's own files, never a page");
        await page.Context.SetOfflineAsync(false);
        await context.CloseAsync();
        profile.Delete(recursive: true);
    }

    [Test]
    public async Task On_a_phone_the_composer_the_bell_notifications_and_the_acknowledgement_are_thumb_sized()
    {
        // Something for the notification list: a colleague mentions the person.
        var handle = await TestData.ScalarAsync<string>(App, "SELECT handle FROM users WHERE email = 'staff@demo.example'");
        using var colleague = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        await TestData.SignInAsync(colleague, "admin@demo.example", "demo");
        await TestData.MicroAsync(colleague, $"@{handle} bitte einmal draufschauen");
        var page = await NewSignedInPageAsync("staff@demo.example", width: Phone);
        var small = new List<string>();
        await page.GotoAsync("/");
        small.AddRange(await SmallAsync(page, ".composer button, .composer select, .composer .question-switch, .composer .form-actions a, .bell"));
        await page.GotoAsync("/notifications");
        small.AddRange(await SmallAsync(page, "main form button, .notification-link"));
        using var ceo = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Address };
        await TestData.SignInAsync(ceo, "ceo@demo.example", "demo");
        var memo = await Memos.PublishedAsync(ceo, TestData.Unique("Bitte bestätigen"), mustRead: true, Memos.InDays(App.Service<TimeProvider>(), 7));
        await page.GotoAsync($"/posts/{memo}");

        small.AddRange(await SmallAsync(page, ".acknowledge-form button"));
        Assert.That(small, Is.Empty, $"smaller than {Thumb} px at 375 px");
    }

    /// Visible elements of the selector smaller than a thumb, described.
    private static async Task<IEnumerable<string>> SmallAsync(IPage page, string selector)
    {
        var found = await page.EvaluateAsync<JsonElement>($$"""
            () => [...document.querySelectorAll({{JsonSerializer.Serialize(selector)}})]
              .filter(e => e.offsetParent !== null)
              .map(e => { const r = e.getBoundingClientRect(); return { what: e.tagName + "." + e.className + " " + (e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 30), w: r.width, h: r.height }; })
            """);
        Assert.That(found.GetArrayLength(), Is.GreaterThan(0), $"{selector} on {page.Url}");
        return found.EnumerateArray()
            .Where(e => e.GetProperty("w").GetDouble() < Thumb - 0.5 || e.GetProperty("h").GetDouble() < Thumb - 0.5)
            .Select(e => $"{page.Url}: {e.GetProperty("what").GetString()} {e.GetProperty("w").GetDouble():0}×{e.GetProperty("h").GetDouble():0}")
            .ToList();
    }
}
