using System.Net.Http.Json;
using System.Text.Json;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class VerdictFlowTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static VerdictFlowTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Compare_TwoConfigurationsTwoSeeds_VerdictLeadsAndChartGroupsWithBand()
    {
        var prefix = "e2e-vrd-" + Guid.NewGuid().ToString("N")[..4];
        var ids = new List<int>();
        foreach (var (learningRate, seed) in new[] { (3e-3, 1), (3e-3, 2), (1e-2, 1), (1e-2, 2) })
            ids.Add(await SubmitAsync($"{prefix}-lr{learningRate}-s{seed}", learningRate, seed));
        foreach (var id in ids) Assert.Equal("completed", await fixture.WaitForTerminalAsync(id, TimeSpan.FromMinutes(5)));

        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync($"/compare?runs={string.Join(',', ids)}&metric=train/loss");

            // The verdict is the first thing on the page: two configurations labelled by the varied key, one sentence.
            var verdict = page.Locator("#verdict");
            await Expect(verdict).ToBeVisibleAsync();
            await Expect(page.Locator("#verdict-key-table thead")).ToContainTextAsync("learningRate=0.003 (baseline)");
            await Expect(page.Locator("#verdict-key-table thead")).ToContainTextAsync("learningRate=0.01");
            await Expect(page.Locator("#verdict-sentences li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#verdict-sentences")).ToContainTextAsync("on eval accuracy");
            await Expect(page.Locator("#verdict-sentences")).ToContainTextAsync("2 seeds");
            var chart = page.Locator("[data-chart=compare-chart]");
            await Expect(chart).ToBeVisibleAsync();   // the chart renders after the verdict: no box until it has
            var verdictTop = (await verdict.BoundingBoxAsync())!.Y;
            var chartTop = (await chart.BoundingBoxAsync())!.Y;
            Assert.True(verdictTop < chartTop, $"verdict at y={verdictTop}, chart at y={chartTop}");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "verdict-1-compare"));

            // Group the chart by everything but the seed, with the t interval as the band: one mean line per configuration.
            await page.SelectMudItemAsync("compare-band", "mean, 95 % interval");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("band=ci"));
            await Expect(page.Locator("[data-chart=compare-band-chart] .scatterlayer .trace")).ToHaveCountAsync(6);   // 2 × (low, high, mean)
            await Expect(page.Locator("#compare-band-chart-caption")).ToContainTextAsync("2 configurations");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "verdict-2-band"));

            // Losses sit in a collapsed section; opening it shows the objective's label, never a bare "loss".
            await page.Locator(".verdict-section-loss .mud-expand-panel-header").ClickAsync();
            await Expect(page.Locator("#verdict-loss-table")).ToContainTextAsync("train/loss · weighted training objective");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "verdict-3-losses"));
            Assert.Empty(fixture.BrowserErrors);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<int> SubmitAsync(string name, double learningRate, int seed)
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
            seed,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt32();
    }
}
