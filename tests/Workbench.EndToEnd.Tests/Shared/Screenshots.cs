using Microsoft.Playwright;

namespace Workbench.EndToEnd.Tests.Shared;

/// <summary>Full-page screenshots kept as test artifacts: $WORKBENCH_SCREENSHOTS, else TestResults/screenshots/ in the test output.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Create();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        // A full-page picture of a scrolled page draws the fixed app bar where the viewport was.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Create()
    {
        var directory = Environment.GetEnvironmentVariable("WORKBENCH_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
