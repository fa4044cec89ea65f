using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

[Collection(EndToEndCollection.Name)]
public sealed class SweepPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static SweepPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task NewSweep_CloneRunTwoValuesTwoSeeds_GroupPageListsFourRunsThatComplete()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        // The run to clone: a tiny supervised model, a few steps.
        var baseConfig = new
        {
            name = $"e2e-base-{suffix}",
            student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
            steps = 15, batchSize = 8, evalEvery = 15,
        };
        var created = await fixture.Http.PostAsJsonAsync("api/runs", baseConfig);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var baseRun = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var page = await fixture.NewPageAsync();
        var sweepName = $"e2e-sweep-{suffix}";
        await page.GotoAsync("sweeps/new");
        await page.SelectMudItemAsync("sweep-source", $"Run #{baseRun}: ");
        await Expect(page.Locator("#sweep-base")).ToHaveValueAsync(new Regex("\"width\": 32"));
        await page.Locator("#sweep-name").FillAsync(sweepName);
        await page.Locator("#axis-path-0").FillAsync("learningRate");
        await page.Locator("#axis-values-0").FillAsync("0.001, 0.003");
        await page.Locator("#sweep-seeds").FillAsync("1, 2");
        await page.SelectMudItemAsync("sweep-baseline", "learningRate = 0.001");
        await Expect(page.Locator("#sweep-preview-count")).ToHaveTextAsync("4 runs");
        await Expect(page.Locator("#sweep-preview tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#sweep-preview tbody tr").First).ToContainTextAsync($"{sweepName}-0.001-seed1");
        output.WriteLine("new sweep: " + await Screenshots.SaveAsync(page, "new-sweep"));

        // A path that is not in the config is named on its field before anything is queued.
        await page.Locator("#axis-path-0").FillAsync("leaf.rho");
        await Expect(page.Locator("#sweep-errors")).ToContainTextAsync("axes[0].path");
        await Expect(page.Locator("#sweep-start")).ToBeDisabledAsync();
        await page.Locator("#axis-path-0").FillAsync("learningRate");
        await Expect(page.Locator("#sweep-preview-count")).ToHaveTextAsync("4 runs");

        await page.Locator("#sweep-start").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/groups/\d+$"));
        await Expect(page.Locator("#group-name")).ToHaveTextAsync(sweepName);
        var rows = page.Locator("#group-runs tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.Nth(1)).ToContainTextAsync($"{sweepName}-0.003-seed1");
        await Expect(page.Locator("#group-baseline")).ToContainTextAsync("learningRate = 0.001");
        await Expect(page.Locator("#group-progress")).ToContainTextAsync("/ 4 completed");

        // Live: the progress reaches 4 / 4 as the workers finish, without a reload.
        await Expect(page.Locator("#group-progress")).ToContainTextAsync("4 / 4 completed", new() { Timeout = 240_000 });
        await Expect(page.Locator("#group-runs [data-status=completed]")).ToHaveCountAsync(4);
        output.WriteLine("group: " + await Screenshots.SaveAsync(page, "group-page"));

        await page.GotoAsync("groups");
        await Expect(page.Locator("#groups-table")).ToContainTextAsync(sweepName);
        Assert.Empty(fixture.BrowserErrors);
    }
}
