using Microsoft.Playwright;

namespace Workbench.EndToEnd.Tests.Shared;

public static class PageExtensions
{
    /// <summary>
    /// Repeats <paramref name="act"/> until <paramref name="done"/> holds. A prerendered page looks ready before
    /// its circuit connects and ignores input until then, so the first interaction on a page is retried.
    /// </summary>
    public static async Task RetryUntilAsync(this IPage page, Func<Task> act, Func<Task<bool>> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await act();
            for (var i = 0; i < 10; i++)
            {
                if (await done()) return;
                await page.WaitForTimeoutAsync(100);
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Gave up: {what}");
        }
    }

    /// <summary>Number of points in each trace of the Plotly chart inside div[data-chart=<paramref name="chart"/>] (empty if not drawn yet).</summary>
    public static Task<int[]> ChartPointCountsAsync(this IPage page, string chart) =>
        page.EvaluateAsync<int[]>(
            """
            chart => {
                const el = document.querySelector(`[data-chart="${chart}"] .js-plotly-plot`);
                return el && el.data ? el.data.map(t => (t.x || []).length) : [];
            }
            """, chart);

    /// <summary>The status chip's value on a run page ("running", "completed", ...), or null.</summary>
    public static Task<string?> RunStatusAsync(this IPage page) =>
        page.EvaluateAsync<string?>("() => document.querySelector('[data-status]')?.getAttribute('data-status') ?? null");

    /// <summary>
    /// Opens a MudSelect (by the id of its hidden input) and picks the item whose text contains <paramref name="itemText"/>.
    /// Retried as a whole: a click landing while the popover is still being placed can close it without choosing.
    /// </summary>
    public static async Task SelectMudItemAsync(this IPage page, string selectId, string itemText)
    {
        var combobox = page.Locator($"#{selectId} ~ [role=combobox]");
        var popover = page.Locator(".mud-popover-open");
        await page.RetryUntilAsync(
            async () =>
            {
                try
                {
                    if (!await popover.IsVisibleAsync()) await combobox.ClickAsync(new() { Timeout = 5_000 });
                    await popover.GetByText(itemText).First.ClickAsync(new() { Timeout = 2_000 });
                }
                catch (TimeoutException) { }   // not interactive yet, or the popover closed: try again
            },
            async () => (await combobox.InnerTextAsync()).Contains(itemText),
            $"choose \"{itemText}\" in #{selectId}");
        await Microsoft.Playwright.Assertions.Expect(popover).ToHaveCountAsync(0);
    }
}
