using Microsoft.Playwright;

namespace MiniCollector.EndToEnd.Tests.ZPages;

/// <summary>
/// Debian's chromium (package <c>chromium</c>, installed by <c>.ci/run</c>) driven by Playwright through its executable
/// path: nothing is downloaded. Each instance is a fresh headless browser with its own empty profile.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    /// <summary>How long a wait for the page may last before the test fails: a guard against a hang, not a timing.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private const string DefaultPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Starts the browser (<c>MINICOLLECTOR_CHROMIUM</c> overrides its path).</summary>
    public static async Task<Chromium> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable("MINICOLLECTOR_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} was not found. The zpages UI tests drive a real browser: install Debian's chromium (apt-get install -y chromium), as .ci/run does, or set MINICOLLECTOR_CHROMIUM.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                ChromiumSandbox = false,
                Timeout = (float)HangGuard.TotalMilliseconds,

                // Without these chromium keeps trying to reach Google's services, which this machine's network refuses.
                Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page in its own context, with the hang guard as every wait's limit.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        context.SetDefaultTimeout((float)HangGuard.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
