using Microsoft.Playwright;

namespace Bananas.Tasks.Dashboard.Tests.Infrastructure;

/// <summary>
/// One headless Debian chromium (<c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>) driven by Playwright, for the tests
/// of a class. Playwright never downloads a browser here (<c>PlaywrightSkipBrowserDownload</c> in the project; .ci/run
/// installs the chromium package).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"No chromium at {ExecutablePath}: install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Where screenshots go: <c>BANANAS_SCREENSHOTS</c> (the docs run sets <c>docs/images</c>), else a temp folder.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Environment.GetEnvironmentVariable("BANANAS_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "bananas-dashboard-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
