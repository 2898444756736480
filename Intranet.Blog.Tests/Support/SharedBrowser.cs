using Microsoft.Playwright;

namespace Intranet.Blog.Tests.Support;

/// One Chromium for the whole run: starting Playwright's driver and a browser took two seconds of a loaded machine
/// per fixture, and closing them another. Fixtures share it through contexts of their own (separate cookies, storage
/// and cache), so nothing one fixture does is seen by another; TestRun closes it at the end.
public static class SharedBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// Headless, and nothing that reaches out to Google's services during a test.
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            // A browser that crashed or was closed is replaced, so one fixture's crash does not fail every later one.
            if (_browser is not { IsConnected: true })
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = Args });
            }

            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task CloseAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }
}
