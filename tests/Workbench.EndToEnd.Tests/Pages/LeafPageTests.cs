using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

/// <summary>A small LeaF run through the real app, then its token heatmap and attention maps in the browser.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LeafPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static LeafPageTests() => SetDefaultExpectTimeout(20_000);

    private async Task<int> SubmitAsync(object config)
    {
        var response = await fixture.Http.PostAsJsonAsync("api/runs", config);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    private static object Tiny(string name, string dataset) => new
    {
        name,
        dataset,
        student = new { layers = 1, heads = 2, width = 32, context = 64 },
        objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
        steps = 30,
        batchSize = 16,
        learningRate = 3e-3,
        evalEvery = 30,
    };

    [Fact]
    public async Task LeafRun_HeatmapAndAttentionViews_ShowDetectionAndProbeMaps()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        await SubmitAsync(Tiny($"e2e-leaf-teacher-{tag}", "distractor-clean"));
        await SubmitAsync(Tiny($"e2e-leaf-student-{tag}", "distractor-shortcut"));
        var leafId = await SubmitAsync(new
        {
            name = $"e2e-leaf-{tag}",
            dataset = "distractor-shortcut",
            teacher = new { checkpoint = $"e2e-leaf-teacher-{tag}" },
            student = new { checkpoint = $"e2e-leaf-student-{tag}" },
            objectives = new[] { new { kind = "forward_kl", weight = 1.0, temperature = 1.0 } },
            steps = 20,
            batchSize = 16,
            learningRate = 1e-3,
            evalEvery = 10,
            // The out-of-distribution test, and the detected training samples themselves so the heatmap can show their answers.
            evalSets = new object[] { new { name = "ood", split = "ood", samples = 40 }, new { name = "seen", split = "train", samples = 48 } },
            leaf = new { mask = "instruction", detectionSamples = 48 },
        });
        Assert.Equal("completed", await fixture.WaitForTerminalAsync(leafId, TimeSpan.FromMinutes(3)));

        var samples = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{leafId}/leaf/samples?limit=5");
        Assert.Equal(48, samples.GetProperty("total").GetInt32());

        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"runs/{leafId}");
        await Expect(page.Locator("#open-leaf")).ToHaveAttributeAsync("href", $"runs/{leafId}/leaf");
        await page.GotoAsync($"runs/{leafId}/leaf");
        await Expect(page.Locator("#detection-quality tr[data-method='leaf']")).ToBeVisibleAsync();
        await Expect(page.Locator("#leaf-effect tr[data-metric='eval/ood/accuracy']")).ToBeVisibleAsync();
        var strips = page.Locator("#token-heatmap .token-strip");
        await Expect(strips).ToHaveCountAsync(25);
        output.WriteLine("heatmap: " + await Screenshots.SaveAsync(page, "leaf-token-heatmap"));
        Assert.True(await page.Locator("#token-heatmap .token.flagged").CountAsync() > 0, "No flagged token is outlined.");
        Assert.True(await page.Locator("#token-heatmap .token.gold").CountAsync() > 0, "No gold distractor token is marked.");
        await Expect(page.Locator("#token-heatmap .token-strip-answers")).ToHaveCountAsync(25);   // every detected sample is in "seen"

        await page.Locator("#most-pruned").ClickAsync();
        await page.GetByText("Student", new() { Exact = true }).ClickAsync();
        await Expect(strips).ToHaveCountAsync(25);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Attention" }).ClickAsync();
        foreach (var id in new[] { "attention-teacher", "attention-student", "attention-difference" })
            await Expect(page.Locator($"#{id} .main-svg").First).ToBeVisibleAsync();
        output.WriteLine("attention: " + await Screenshots.SaveAsync(page, "leaf-attention"));

        await page.GotoAsync($"runs/{leafId}");
        // Follow the button's address rather than clicking it: a click on the prerendered page can race the circuit's start,
        // which then renders the run page over the predictions (seen once under load).
        await Expect(page.Locator("#open-predictions")).ToHaveAttributeAsync("href", $"runs/{leafId}/predictions");
        await page.GotoAsync($"runs/{leafId}/predictions");
        await Expect(page.Locator("#predictions-table tbody tr")).ToHaveCountAsync(40);   // the first set, "ood"
        await Expect(page.Locator("#prediction-step")).ToContainTextAsync("step 20");
        await Expect(page.Locator("#predictions-table tbody tr").First.Locator("mark")).ToBeVisibleAsync();
        output.WriteLine("predictions: " + await Screenshots.SaveAsync(page, "run-predictions"));
        await page.Locator("[data-filter='still_wrong']").ClickAsync();
        var stillWrong = await page.Locator("[data-filter='still_wrong']").InnerTextAsync();
        await Expect(page.Locator("#predictions-table tbody tr")).ToHaveCountAsync(int.Parse(stillWrong.Split('·')[^1].Trim()));
        var api = await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{leafId}/predictions?set=ood&step=0&filter=all");
        Assert.Equal(40, api.GetProperty("page").GetProperty("rows").GetArrayLength());
        Assert.Empty(fixture.BrowserErrors);
    }
}
