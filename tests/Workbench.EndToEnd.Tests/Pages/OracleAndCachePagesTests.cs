using System.Net.Http.Json;
using System.Text.Json;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

/// <summary>
/// The teacher-hacking chart and the Caches page drawn from real runs: the teacher-hacking recipe at toy size (an oracle, a
/// smaller teacher, an offline student distilled with the oracle watching) and a student that builds a teacher-logit store.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OracleAndCachePagesTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static OracleAndCachePagesTests() => SetDefaultExpectTimeout(20_000);

    private static readonly object s_tiny = new { layers = 1, heads = 2, width = 32, context = 64 };

    [Fact]
    public async Task TinyTeacherHackingRecipe_RunPageDrawsProxyAndGolden_CachesPageListsTheStore()
    {
        var prefix = "e2e-th-" + Guid.NewGuid().ToString("N")[..4];
        var oracle = await SubmitAsync(new { name = $"{prefix}-oracle", student = s_tiny, objectives = Ce, steps = 40, batchSize = 16, evalEvery = 40, learningRate = 3e-3 });
        var teacher = await SubmitAsync(new
        {
            name = $"{prefix}-teacher", student = new { layers = 1, heads = 2, width = 16, context = 64 }, objectives = Ce, steps = 20, batchSize = 16, evalEvery = 20,
            teacher = new { run = oracle }, data = new { regime = "sequence_kd", temperature = 1.0, maxNewTokens = 4 },
        });
        var student = await SubmitAsync(new
        {
            name = $"{prefix}-student", student = new { layers = 1, heads = 2, width = 16, context = 64 },
            objectives = new[] { new { kind = "forward_kl", weight = 1.0, temperature = 1.0 } }, steps = 40, batchSize = 16, evalEvery = 5,
            teacher = new { run = teacher }, oracle = new { run = oracle },
            data = new { regime = "sequence_kd", temperature = 1.0, maxNewTokens = 4, trainSamples = 64 },
        });
        var stored = await SubmitAsync(new
        {
            name = $"{prefix}-stored", student = new { layers = 1, heads = 2, width = 16, context = 64 },
            objectives = new[] { new { kind = "forward_kl", weight = 1.0, temperature = 1.0 } }, steps = 10, batchSize = 16, evalEvery = 10,
            teacher = new { run = teacher }, teacherStore = new { enabled = true, topK = 8 },
        });
        foreach (var id in new[] { oracle, teacher, student, stored })
            Assert.Equal("completed", await fixture.WaitForTerminalAsync(id, TimeSpan.FromMinutes(4)));

        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync($"runs/{student}");
            var chart = page.Locator("#teacher-hacking");
            await Expect(chart).ToBeVisibleAsync();
            // Two traces, proxy and golden, one point per evaluation (every 5 of 40 steps, and at the end).
            await Expect(chart.Locator(".scatterlayer .trace")).ToHaveCountAsync(2);
            var counts = await page.EvaluateAsync<int[]>("() => document.querySelector('#teacher-hacking .js-plotly-plot').data.map(t => t.x.length)");
            Assert.True(counts is [>= 8, var golden] && golden == counts[0], "points per trace: " + string.Join(", ", counts));
            await Expect(chart).ToContainTextAsync("KL(teacher");
            await Expect(page.Locator("#run-references [data-role=oracle]")).ToHaveTextAsync($"Oracle run #{oracle}");
            // A span's annotation above the plot must not cover the title.
            var overlap = await page.EvaluateAsync<bool>("""
                () => {
                    const title = document.querySelector('#teacher-hacking .g-gtitle text')?.getBoundingClientRect();
                    return [...document.querySelectorAll('#teacher-hacking .annotation')].some(a => {
                        const b = a.getBoundingClientRect();
                        return title && b.left < title.right && title.left < b.right && b.top < title.bottom && title.top < b.bottom;
                    });
                }
                """);
            Assert.False(overlap, "an annotation covers the chart's title");
            await Expect(page.Locator("#teacher-hacking-signature")).ToContainTextAsync("evaluations");
            await chart.ScrollIntoViewIfNeededAsync();
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "teacher-hacking-run"));

            await page.GotoAsync("caches");
            var row = page.Locator("#stores-table tbody tr");
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row.Locator("td")).ToContainTextAsync([$"run #{teacher}", "8", "1", "fp16"]);
            await Expect(row.Locator(".store-teacher-run")).ToHaveAttributeAsync("href", $"/runs/{teacher}");
            await Expect(page.Locator("#stores-total")).ToContainTextAsync("1 store");
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "caches"));
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-oracle-and-cache")); } catch (Microsoft.Playwright.PlaywrightException) { }
            output.WriteLine("app output:\n" + fixture.App.Output);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static object[] Ce => [new { kind = "cross_entropy", weight = 1.0 }];

    private async Task<int> SubmitAsync(object config)
    {
        var response = await fixture.Http.PostAsJsonAsync("api/runs", config);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
