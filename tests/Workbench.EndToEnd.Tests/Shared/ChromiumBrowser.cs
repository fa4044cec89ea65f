using Microsoft.Playwright;

namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>
/// Debian's chromium (never a downloaded browser) driven by Playwright: headless, in a persistent context over
/// a new empty user-data directory (Playwright rejects --user-data-dir in the arguments).
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] s_args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    private readonly string _userDataDirectory;

    public IBrowserContext Context { get; }

    private ChromiumBrowser(IPlaywright playwright, IBrowserContext context, string userDataDirectory)
    {
        _playwright = playwright;
        Context = context;
        _userDataDirectory = userDataDirectory;
    }

    public static async Task<ChromiumBrowser> LaunchAsync(Uri baseAddress)
    {
        if (!File.Exists(ExecutablePath))
            throw new FileNotFoundException(
                $"{ExecutablePath} is missing: the end-to-end tests drive Debian's chromium. Install it with " +
                "`sudo apt-get update && sudo apt-get install -y chromium` (.ci/test does this).", ExecutablePath);
        var userDataDirectory = Directory.CreateTempSubdirectory("wb-e2e-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDirectory, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = s_args,
                BaseURL = baseAddress.ToString(),
                ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                Timeout = 60_000,
            });
            context.SetDefaultTimeout(20_000);
            return new ChromiumBrowser(playwright, context, userDataDirectory);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await Context.CloseAsync(); } catch (PlaywrightException) { }
        _playwright.Dispose();
        try { Directory.Delete(_userDataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
