using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class RunsPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static RunsPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task RunsList_RunSubmittedThroughApi_ShowsRowWithLiveStatus()
    {
        var name = "e2e-list-" + Guid.NewGuid().ToString("N")[..6];
        var response = await fixture.Http.PostAsJsonAsync("api/runs", new
        {
            name,
            student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
            steps = 40,
            batchSize = 8,
            evalEvery = 20,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            var row = page.Locator("#runs-table tr", new() { HasText = name });
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator($"a[href='/runs/{runId}']")).ToHaveTextAsync(name);
            // The list follows the run live: no reload between queued/running and completed.
            await Expect(row.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 90_000 });
            await Expect(row.Locator("[data-status]")).ToHaveTextAsync("completed");
            await Expect(row).ToContainTextAsync("40 / 40");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "runs-list"));
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-runs-list")); } catch (PlaywrightException) { }
            output.WriteLine("app output:\n" + fixture.App.Output);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
