using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace Intranet.Blog.Tests.Support;

/// Real Kestrel with the demo organisation, driven by the system's Chromium (Playwright cannot download its own
/// browser here). Every test gets fresh browser contexts; a console error, an uncaught exception or a
/// Content-Security-Policy violation on any of its pages fails the test, and failing pages leave screenshots.
[Category("Browser")]
[RequiresProgram(ChromiumPath, "sudo apt-get install chromium")]
public abstract class BrowserTest
{
    public const string ChromiumPath = SharedBrowser.ChromiumPath;
    public const int Desktop = 1280;
    public const int Phone = 375;

    // A loaded 2-core machine with other builds running: waits are generous, and nothing ever sleeps.
    private const float ExpectTimeout = 15_000;
    private const float ActionTimeout = 30_000;

    // Playwright reports only what the page logs; the policy's violations are logged here so they fail the test too.
    private const string ReportCspViolations = """
        document.addEventListener("securitypolicyviolation", e =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`), true);
        """;

    private BlogAppFactory _app = null!;
    private IBrowser _browser = null!;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _problems = [];

    protected Uri Address { get; private set; } = null!;

    /// The app behind the browser, for building a test's own rows with TestData.
    protected BlogAppFactory App => _app;

    [OneTimeSetUp]
    public async Task StartAppAndBrowser()
    {
        _app = new BlogAppFactory();
        await DemoTemplate.CopyToAsync(_app);
        Address = _app.Address;
        Assertions.SetDefaultExpectTimeout(ExpectTimeout);
        _browser = await SharedBrowser.GetAsync();
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [TearDown]
    public async Task CloseContexts()
    {
        try
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
            {
                await ScreenshotAllAsync("failed");
            }

            foreach (var context in _contexts)
            {
                await context.CloseAsync();
            }
        }
        finally
        {
            _contexts.Clear();
        }

        List<string> problems;
        lock (_problems)
        {
            problems = [.. _problems.Where(p => !_expected.Any(e => p.Contains(e, StringComparison.Ordinal)))];
            _problems.Clear();
            _expected.Clear();
        }

        if (problems.Count > 0 && TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            Assert.Fail("The browser reported problems:\n" + string.Join("\n", problems));
        }
    }

    private readonly List<string> _expected = [];

    /// The app's worker (the phone app's offline page) is installed only where a test is about it: in every fresh
    /// context it would fetch its files again and pass each request through itself, for nothing the test looks at.
    protected virtual bool ServiceWorkers => false;

    /// A refusal the test provokes on purpose (a 404 for a deleted post): the browser logs it as an error, and only
    /// problems containing this text are let through.
    protected void ExpectBrowserProblem(string containing)
    {
        lock (_problems)
        {
            _expected.Add(containing);
        }
    }

    /// A fresh browser context (its own cookies), watched for console errors and policy violations.
    protected async Task<IBrowserContext> NewContextAsync(int width = Desktop, bool javaScript = true)
    {
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = Address.ToString(),
            ViewportSize = new() { Width = width, Height = width < 700 ? 740 : 900 },
            Locale = "de-DE",
            ColorScheme = ColorScheme.Light,
            JavaScriptEnabled = javaScript,
            ServiceWorkers = ServiceWorkers ? ServiceWorkerPolicy.Allow : ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(ActionTimeout);
        context.SetDefaultNavigationTimeout(ActionTimeout);
        await context.AddInitScriptAsync(ReportCspViolations);
        context.Page += (_, page) => Watch(page);
        _contexts.Add(context);
        return context;
    }

    /// Signs in and lands on the feed, or at the page a test starts on. The form's own request is sent (its token, its
    /// cookies) without drawing the form: a drawn page costs the browser more than the rest of a sign-in, and
    /// SignInAsync drives the form itself.
    protected async Task<IPage> NewSignedInPageAsync(string email, string password = "demo", int width = Desktop, bool javaScript = true, string at = "/")
    {
        var context = await NewContextAsync(width, javaScript);
        var form = await context.APIRequest.GetAsync("/account/signin");
        var token = await TestData.TokenInAsync(await form.TextAsync(), "/account/signin");
        var signedIn = await context.APIRequest.PostAsync("/account/signin", new()
        {
            Form = context.APIRequest.CreateFormData().Set("email", email).Set("password", password).Set("__RequestVerificationToken", token),
            MaxRedirects = 0,
        });
        Assert.That(signedIn.Status, Is.EqualTo(302), $"signing in as {email}");
        var page = await context.NewPageAsync();
        await page.GotoAsync(at);
        if (at == "/")
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unternehmens-Feed", Level = 1 })).ToBeVisibleAsync();
        }

        return page;
    }

    protected static async Task SignInAsync(IPage page, string email, string password = "demo")
    {
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("E-Mail-Adresse").FillAsync(email);
        await page.GetByLabel("Passwort").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unternehmens-Feed", Level = 1 })).ToBeVisibleAsync();
    }

    /// Waits until the page's live connection is up, so what happens next is pushed rather than caught up.
    protected static async Task ExpectLiveAsync(IPage page) =>
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Live");

    protected static string ScreenshotDirectory
    {
        get
        {
            var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    /// What a person sees first, or with fullPage the whole scrollable page.
    protected static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(ScreenshotDirectory, $"{string.Concat(name.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_'))}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        TestContext.AddTestAttachment(path);
        return path;
    }

    private async Task ScreenshotAllAsync(string suffix)
    {
        var n = 0;
        foreach (var page in _contexts.SelectMany(c => c.Pages).Where(p => !p.IsClosed))
        {
            try
            {
                await ScreenshotAsync(page, $"{TestContext.CurrentContext.Test.Name}-{suffix}-{++n}");
            }
            catch (PlaywrightException e)
            {
                TestContext.Out.WriteLine($"No screenshot of {page.Url}: {e.Message}");
            }
        }
    }

    private void Watch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Report($"console error on {page.Url}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Report($"uncaught exception on {page.Url}: {error}");
    }

    private void Report(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
