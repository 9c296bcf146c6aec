using Flusio.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Flusio.Tests.Browser;

/// <summary>
/// One Chromium for the whole run (Debian's, launched by path: nothing is downloaded),
/// and the apps the browser tests share: starting either costs a second or two.
/// Each test opens its own context, so cookies never leak from one test to another.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Feeds come from a test server on loopback: private addresses are allowed to this app.
    private readonly Lazy<FlusioApp> openApp = new(() => new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["FETCH_ALLOW_PRIVATE_NETWORKS"] = "true" }, kestrel: true));
    private readonly Lazy<FlusioApp> closedApp = new(StartClosedApp);
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium is not started");

    /// <summary>An app with open registration, on a real port; its BASE_URL is its address.</summary>
    public FlusioApp App => openApp.Value;

    /// <summary>An app with REGISTRATION=closed and terms of service in its DATA_PATH.</summary>
    public FlusioApp ClosedApp => closedApp.Value;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>When this run's browser tests began: screenshots older than this are an earlier run's.</summary>
    public static DateTime StartedAt { get; } = ProcessStart();

    // The test process's start, not this type's first use (which comes after the first screenshot).
    private static DateTime ProcessStart() => System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath) && !BrowserFactAttribute.Required)
        {
            return; // Every browser test is skipped with the reason (see BrowserFactAttribute).
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh context (its own cookies) at desktop size, with a page in it; the browser asks for <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(string? baseUrl = null, string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = locale,
            ColorScheme = ColorScheme.Light,
        });
        // A bound for a stuck page, not a speed target: a loaded CI machine can take seconds per step.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        if (openApp.IsValueCreated)
        {
            await openApp.Value.DisposeAsync();
        }

        if (closedApp.IsValueCreated)
        {
            await closedApp.Value.DisposeAsync();
        }
    }

    private static FlusioApp StartClosedApp()
    {
        var app = new FlusioApp(Db.Sqlite, new Dictionary<string, string?> { ["REGISTRATION"] = "closed" }, kestrel: true);
        File.WriteAllText(Path.Combine(app.DataPath, "terms.md"), """
            # Terms of service

            This instance is run by volunteers. Be kind, and do not use it to break the law.

            ## Your data

            Your links and collections are yours: export them from the settings whenever you like.
            We keep no logs beyond what is needed to keep the service running.
            """);
        return app;
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserFixture>;

/// <summary>
/// A browser test: skipped with the reason when Chromium is missing, unless
/// FLUSIO_REQUIRE_BROWSER=1 (CI), where it runs and fails plainly.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Required && !File.Exists(BrowserFixture.ChromiumPath))
        {
            Skip = $"Chromium not found at {BrowserFixture.ChromiumPath}: apt-get install chromium";
        }
    }

    public static bool Required => Environment.GetEnvironmentVariable("FLUSIO_REQUIRE_BROWSER") == "1";
}
