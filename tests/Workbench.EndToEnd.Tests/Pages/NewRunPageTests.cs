using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class NewRunPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Steps = 300;

    static NewRunPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task StartRun_TinySupervisedRunFromForm_LossChartGrowsLiveAndRunCompletes()
    {
        var clock = Stopwatch.StartNew();
        var page = await fixture.NewPageAsync();
        var name = "e2e-live-" + Guid.NewGuid().ToString("N")[..6];
        try
        {
            await page.GotoAsync("runs/new");
            await page.SelectMudItemAsync("field-teacher", "None: supervised training");
            await page.Locator("#remove-objective-1").ClickAsync();   // forward KL: no teacher
            await page.Locator("#field-name").FillAsync(name);
            await FillNumberAsync(page, "student-layers", 1, "layers");
            await FillNumberAsync(page, "student-heads", 2, "heads");
            await FillNumberAsync(page, "student-width", 32, "width");
            await FillNumberAsync(page, "eval-every", 50, "evalEvery");
            await FillNumberAsync(page, "steps", Steps);
            var preview = page.Locator("#config-preview");
            await Expect(preview).ToContainTextAsync("\"teacher\": null");
            await Expect(preview).Not.ToContainTextAsync("forward_kl");
            await Expect(page.Locator("#form-errors")).ToHaveCountAsync(0);
            output.WriteLine($"form filled at {clock.Elapsed.TotalSeconds:0.0} s");

            await page.Locator("#start-run").ClickAsync();
            // Blazor navigates in the page (history.pushState): poll the address, there is no load event to wait for.
            await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
            var runId = int.Parse(Regex.Match(page.Url, @"/runs/(\d+)$").Groups[1].Value);
            await Expect(page.Locator("#run-title")).ToHaveTextAsync(name);
            output.WriteLine($"run {runId} page at {clock.Elapsed.TotalSeconds:0.0} s");

            // Live: the loss chart must gain points between two observations while the run is running.
            var observations = new List<string>();
            int? first = null;
            var grew = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (DateTime.UtcNow < deadline)
            {
                var status = await page.RunStatusAsync();
                var counts = await page.ChartPointCountsAsync("loss-chart");
                var trainLoss = counts.Length > 0 ? counts[0] : 0;
                observations.Add($"{clock.Elapsed.TotalSeconds:0.00}s {status} {trainLoss}");
                if (status == "running" && trainLoss > 0)
                {
                    if (first is null) first = trainLoss;
                    else if (trainLoss > first)
                    {
                        grew = true;
                        output.WriteLine($"loss chart grew live from {first} to {trainLoss} points");
                        output.WriteLine("mid-run screenshot: " + await Screenshots.SaveAsync(page, "run-detail-running"));
                        break;
                    }
                }
                if (status is "completed" or "failed" or "cancelled" or "interrupted") break;
                await page.WaitForTimeoutAsync(150);
            }
            Assert.True(grew, "The loss chart did not grow while the run was running. Observations (time status points):\n" + string.Join('\n', observations));

            await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 120_000 });
            output.WriteLine($"completed at {clock.Elapsed.TotalSeconds:0.0} s");
            await Expect(page.Locator("#run-step")).ToHaveTextAsync(Steps.ToString());
            await Expect(page.Locator("#run-error")).ToHaveCountAsync(0);
            await Expect(page.Locator("#latest-metrics tr").First).ToBeVisibleAsync();
            // The accuracy chart gets the eval points (every 50 steps), the loss chart all train points.
            await WaitForAsync(async () => (await page.ChartPointCountsAsync("accuracy-chart")) is [>= 1, ..], "accuracy points");
            var loss = await page.ChartPointCountsAsync("loss-chart");
            Assert.True(loss[0] > first, $"loss chart points at the end: {string.Join(",", loss)}");
            output.WriteLine($"chart points at the end: loss {string.Join(",", loss)}, accuracy {string.Join(",", await page.ChartPointCountsAsync("accuracy-chart"))}");
            // Let Plotly finish drawing before the picture.
            await page.Locator("[data-chart=loss-chart] .scatterlayer .trace path.js-line").First.WaitForAsync();
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            output.WriteLine("final screenshot: " + await Screenshots.SaveAsync(page, "run-detail-completed"));
            Assert.DoesNotContain(fixture.BrowserErrors, e => e.StartsWith("page error"));
        }
        catch
        {
            await SaveFailureAsync(page, "failed-new-run-live");
            throw;
        }
        finally
        {
            output.WriteLine($"took {clock.Elapsed.TotalSeconds:0.0} s; browser errors: {string.Join(" | ", fixture.BrowserErrors)}");
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Start_StepsZero_ShowsStepsErrorAndDoesNotNavigate()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            var before = (await fixture.Http.GetFromJsonAsync<JsonElement>("api/runs")).GetArrayLength();
            await page.GotoAsync("runs/new");
            var steps = page.Locator("#field-steps");
            var formErrors = page.Locator("#form-errors");
            await page.RetryUntilAsync(() => steps.FillAsync("0"), () => formErrors.IsVisibleAsync(), "show the form errors");

            await Expect(formErrors).ToContainTextAsync("steps: Steps must be between 1");
            await Expect(page.Locator(".mud-input-control:has(#field-steps) .mud-input-helper-text")).ToContainTextAsync("Steps must be between 1");
            await Expect(steps).ToHaveAttributeAsync("aria-invalid", "true");

            await page.Locator("#start-run").ClickAsync();
            await page.WaitForTimeoutAsync(1500);
            Assert.EndsWith("/runs/new", page.Url);
            await Expect(formErrors).ToContainTextAsync("steps: Steps must be between 1");
            Assert.Equal(before, (await fixture.Http.GetFromJsonAsync<JsonElement>("api/runs")).GetArrayLength());
            await Screenshots.SaveAsync(page, "new-run-invalid-steps");
        }
        catch
        {
            await SaveFailureAsync(page, "failed-new-run-invalid");
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task FillNumberAsync(IPage page, string id, int value, string? jsonName = null)
    {
        var field = page.Locator($"#field-{id}");
        var preview = page.Locator("#config-preview");
        var expected = new Regex($"\"{jsonName ?? id}\": {value}[,\\s]");
        await page.RetryUntilAsync(
            async () => { await field.FillAsync(value.ToString()); },
            async () => expected.IsMatch(await preview.InnerTextAsync()),
            $"set #field-{id} to {value}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Gave up waiting for " + what);
            await Task.Delay(100);
        }
    }

    private async Task SaveFailureAsync(IPage page, string name)
    {
        try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, name)); }
        catch (PlaywrightException) { }
        output.WriteLine("app output:\n" + fixture.App.Output);
    }
}
