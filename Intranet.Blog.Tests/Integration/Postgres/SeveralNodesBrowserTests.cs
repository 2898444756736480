using Intranet.Blog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Intranet.Blog.Tests.Integration.Postgres;

/// Two nodes behind a real proxy, the deployment's own HAProxy file (deploy/haproxy.cfg) on loopback: two people in
/// real browsers, each kept on a node of their own by the proxy's cookie, see each other's posts live; when one node
/// is stopped, its reader's page reconnects through the proxy to the other node and misses nothing. Who has a post
/// open and who is typing reach across the nodes too, in each reader's language, on a phone as on a desktop.
[RequiresProgram(Support.Postgres.Program, Support.Postgres.Install)]
[RequiresProgram(Support.Redis.Program, Support.Redis.Install)]
[RequiresProgram(Haproxy.Program, Haproxy.Install)]
[RequiresProgram(SharedBrowser.ChromiumPath, "sudo apt-get install chromium")]
[Category(TestPasses.Extra), Category(TestPasses.Postgres)]
public sealed class SeveralNodesBrowserTests
{
    private static readonly float Patience = 30_000;
    private readonly TempDirectories _directories = new();
    private string? _uploads;

    [TearDown]
    public void DeleteDirectories() => _directories.DeleteAll();

    [Test, CancelAfter(300_000)]
    public async Task Browsers_on_two_nodes_behind_the_proxy_see_each_others_posts_live_and_a_stopped_nodes_reader_moves_to_the_other(CancellationToken ct)
    {
        var database = await (await Support.Postgres.ServerAsync()).CreateDatabaseAsync();
        var redis = (await Support.Redis.ServerAsync()).NewSetting();
        await using var a = await AppProcess.StartAsync(NewDirectory(), [.. Settings(database, redis), "--Intranet:SeedDemo=true"]);
        await a.WaitForLogAsync("Demo sign-in", ct);

        await using var b = await AppProcess.StartAsync(NewDirectory(), Settings(database, redis));
        await using var proxy = await Haproxy.StartAsync(a.Address, b.Address);
        var browser = await SharedBrowser.GetAsync();
        await using var ceoContext = await NodeContextAsync(browser, proxy, "a");
        await using var staffContext = await NodeContextAsync(browser, proxy, "b");
        var ceo = await SignedInAsync(ceoContext, "ceo@demo.example");
        var staff = await SignedInAsync(staffContext, "staff@demo.example");
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live", new() { Timeout = Patience });
        await Expect(ceo.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live", new() { Timeout = Patience });

        var first = TestData.Unique("Über den Proxy auf Knoten a");
        var firstId = await Feeds.PostMicroAsync(ceo, first);
        await Expect(Feeds.Card(staff, first)).ToBeVisibleAsync(new() { Timeout = Patience });

        var reply = TestData.Unique("Antwort von Knoten b");
        await Feeds.PostMicroAsync(staff, reply);
        await Expect(Feeds.Card(ceo, reply)).ToBeVisibleAsync(new() { Timeout = Patience });

        // The staff member switches to English on a phone, still through node b, and opens the post the CEO has open
        // through node a: both see two readers, each in their language, and the CEO sees them typing.
        await staff.SetViewportSizeAsync(375, 740);
        await staff.EvaluateAsync("document.querySelector(\"button[formaction='/account/language'][value='en']\").click()");
        await Expect(staff.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await ceo.GotoAsync($"/posts/{firstId}");
        await staff.GotoAsync($"/posts/{firstId}");
        await Expect(ceo.GetByText("2 Kolleg:innen haben diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(staff.GetByText("2 people have this post open.")).ToBeVisibleAsync(new() { Timeout = Patience });
        await staff.GetByLabel("Your comment").PressSequentiallyAsync("Across the nodes");
        await Expect(ceo.GetByText("jemand schreibt …")).ToBeVisibleAsync(new() { Timeout = Patience });
        await staff.GotoAsync("/");
        await Expect(ceo.GetByText("Nur du hast diesen Beitrag gerade geöffnet.")).ToBeVisibleAsync(new() { Timeout = Patience });
        await ceo.GotoAsync("/");
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live", new() { Timeout = Patience });
        await Expect(ceo.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live", new() { Timeout = Patience });

        // Node b stops as a deploy stops it; what is posted meanwhile reaches its reader once they are on node a.
        // Quickly: its pages' reconnects, which the proxy may still send to it, are refused while it stops.
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await b.TerminateAsync(TimeSpan.FromSeconds(30)), Is.Zero, b.Log);
        Assert.That(stopping.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)), "stopped before the host's patience (10 s) ran out");
        var meanwhile = TestData.Unique("Während Knoten b neu startet");
        await Feeds.PostMicroAsync(ceo, meanwhile);
        await Expect(Feeds.Card(staff, meanwhile)).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live", new() { Timeout = Patience });
        var after = TestData.Unique("Danach, live");
        await Feeds.PostMicroAsync(ceo, after);
        await Expect(Feeds.Card(staff, after)).ToBeVisibleAsync(new() { Timeout = Patience });
        await Expect(Feeds.Card(staff, meanwhile)).ToHaveCountAsync(1);
        await Expect(Feeds.Card(staff, first)).ToHaveCountAsync(1);
        Assert.That(a.Log, Does.Not.Contain("fail:"), "node a logged no failure");
    }

    /// A browser whose proxy cookie names the node, as after its first visit there.
    private static async Task<IBrowserContext> NodeContextAsync(IBrowser browser, Haproxy proxy, string node)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = proxy.Address.ToString(), IgnoreHTTPSErrors = true, Locale = "de-DE" });
        context.SetDefaultTimeout(Patience);
        await context.AddCookiesAsync([new() { Name = "INTRANET_NODE", Value = node, Url = proxy.Address.ToString() }]);
        return context;
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext context, string email)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort").FillAsync(Blog.DemoData.DemoSeeder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unternehmens-Feed", Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private string[] Settings(string database, string redis) =>
    [
        $"--Intranet:DataDirectory={NewDirectory()}", "--Intranet:Database=postgres", $"--Intranet:Postgres:ConnectionString={database}",
        $"--Intranet:Redis={redis}", $"--Intranet:UploadsDirectory={_uploads ??= _directories.New("intranet-blog-proxy-uploads", create: true)}",
        "--FORWARDEDHEADERS_ENABLED=true",
    ];

    private string NewDirectory() => _directories.New("intranet-blog-proxy");
}
