using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class TrackerFlowTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static TrackerFlowTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Tracker_ThreeRuns_FilterCompareDifferencesOnlyAndZoom()
    {
        var prefix = "e2e-trk-" + Guid.NewGuid().ToString("N")[..4];
        var ids = new List<int>();
        foreach (var (suffix, learningRate) in new[] { ("a", 3e-3), ("b", 1e-3), ("c", 5e-3) })
            ids.Add(await SubmitAsync($"{prefix}-{suffix}", learningRate));
        foreach (var id in ids) Assert.Equal("completed", await fixture.WaitForTerminalAsync(id, TimeSpan.FromMinutes(3)));

        var page = await fixture.NewPageAsync();
        try
        {
            // 1. The table, filtered on a name and a config key.
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("/");
            await Expect(page.Locator("#runs-table")).ToContainTextAsync($"{prefix}-c");
            output.WriteLine($"runs page to rows visible: {watch.ElapsedMilliseconds} ms");
            var filter = page.Locator("#runs-filter");
            var count = page.Locator("#runs-count");
            await page.RetryUntilAsync(
                () => filter.FillAsync($"name =~ \"{prefix}\" and learningRate < 0.004"),
                async () => (await count.InnerTextAsync()).StartsWith("2 of", StringComparison.Ordinal),
                "filter the runs table");
            await Expect(page.Locator("#runs-table tbody")).Not.ToContainTextAsync($"{prefix}-c");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "tracker-1-filtered"));

            // 2. A broken filter says where it broke.
            await filter.FillAsync($"name =~ \"{prefix}\" and learningRate <");
            await Expect(page.Locator(".mud-input-control:has(#runs-filter)")).ToContainTextAsync("Expected a value after '<' (column");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "tracker-2-filter-error"));

            // 3. Select the three runs and open the comparison.
            await filter.FillAsync($"name =~ \"{prefix}\"");
            await Expect(count).ToContainTextAsync("3 of");
            foreach (var suffix in new[] { "a", "b", "c" })
                await page.Locator("#runs-table tbody tr", new() { HasText = $"{prefix}-{suffix}" }).Locator("input[type=checkbox]").CheckAsync();
            await Expect(page.Locator("#runs-compare")).ToContainTextAsync("(3)");
            watch.Restart();
            await page.Locator("#runs-compare").ClickAsync();
            await page.WaitForURLAsync("**/compare?runs=*");
            var traces = page.Locator("[data-chart=compare-chart] .scatterlayer .trace");
            await Expect(traces).ToHaveCountAsync(3);
            output.WriteLine($"comparison to 3 traces drawn: {watch.ElapsedMilliseconds} ms");
            await Expect(page.Locator("#summary-table")).ToContainTextAsync("(baseline)");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "tracker-3-compare"));

            // 4. "Differences only" is on by default; turning it off shows every key.
            var configRows = page.Locator("#config-diff tbody tr");
            await Expect(configRows).ToHaveCountAsync(2);   // name and learningRate
            await Expect(page.Locator("#config-diff")).ToContainTextAsync("learningRate");
            await page.Locator("#compare-differences").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("diff=0"));
            await Expect(configRows).Not.ToHaveCountAsync(2);
            Assert.True(await configRows.CountAsync() > 10);
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "tracker-4-all-config"));

            // 5. Zoom the chart with a box drag: the server re-queries the zoomed range.
            var plot = page.Locator("[data-chart=compare-chart] .nsewdrag").First;
            var box = (await plot.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height * 0.2f);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width * 0.5f, box.Y + box.Height * 0.8f, new() { Steps = 8 });
            await page.Mouse.UpAsync();
            await Expect(page.Locator("#compare-chart-points")).ToContainTextAsync("zoomed");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "tracker-5-zoomed"));
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-tracker")); } catch (PlaywrightException) { }
            output.WriteLine("app output:\n" + fixture.App.Output);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<int> SubmitAsync(string name, double learningRate)
    {
        var response = await fixture.Http.PostAsJsonAsync("api/runs", new
        {
            name,
            student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
            steps = 40,
            batchSize = 8,
            evalEvery = 20,
            learningRate,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
