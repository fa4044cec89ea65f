using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

/// <summary>The New run form as one draft of the config: a preset loaded, fields the old form lacked edited, started, cloned.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class NewRunDraftTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    static NewRunDraftTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task Start_PresetWithCheckpointEveryAndTemperatureEdited_StoredConfigCarriesBoth_AndCloneKeepsThem()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var teacher = "e2e-draft-teacher-" + suffix;
        var name = "e2e-draft-" + suffix;
        var response = await fixture.Http.PostAsJsonAsync("api/runs", new
        {
            name = teacher,
            student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
            steps = 20,
            batchSize = 8,
            evalEvery = 20,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var teacherId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal("completed", await fixture.WaitForTerminalAsync(teacherId, TimeSpan.FromSeconds(120)));

        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("runs/new");
            var preview = page.Locator("#config-preview");
            await page.SelectMudItemAsync("preset", "Demo teacher (pretrain)");
            await Expect(preview).ToContainTextAsync("\"name\": \"demo-teacher\"");
            await page.SelectMudItemAsync("preset", "Demo distillation (CE + forward KL)");
            await Expect(preview).ToContainTextAsync("\"kind\": \"forward_kl\"");

            await page.SelectMudItemAsync("field-teacher", $"{teacher} (newest completed run");
            await page.Locator("#field-name").FillAsync(name);
            await FillAsync(page, "field-student-layers", "1", "\"layers\": 1");
            await FillAsync(page, "field-student-width", "32", "\"width\": 32");
            await FillAsync(page, "field-steps", "40", "\"steps\": 40");
            await FillAsync(page, "field-eval-every", "20", "\"evalEvery\": 20");
            await FillAsync(page, "field-batch-size", "8", "\"batchSize\": 8");
            // The two edits the old form could not make or lost: checkpointEvery, and a temperature by its config path.
            await FillAsync(page, "field-checkpoint-every", "10", "\"checkpointEvery\": 10");
            await FillAsync(page, "field-objectives-1-temperature", "3.5", "\"temperature\": 3.5");
            await Expect(page.Locator("#form-errors")).ToHaveCountAsync(0);
            output.WriteLine("form screenshot: " + await Screenshots.SaveAsync(page, "new-run-draft-form"));

            await page.Locator("#start-run").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
            var runId = int.Parse(Regex.Match(page.Url, @"/runs/(\d+)$").Groups[1].Value);
            var config = (await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}")).GetProperty("config");
            Assert.Equal(10, config.GetProperty("checkpointEvery").GetInt32());
            Assert.Equal("forward_kl", config.GetProperty("objectives")[1].GetProperty("kind").GetString());
            Assert.Equal(3.5, config.GetProperty("objectives")[1].GetProperty("temperature").GetDouble());
            // The teacher chosen by name is stored as the id it resolved to at submission.
            Assert.Equal(teacherId, config.GetProperty("teacher").GetProperty("run").GetInt32());

            Assert.Equal("completed", await fixture.WaitForTerminalAsync(runId, TimeSpan.FromSeconds(180)));
            await page.Locator("[data-chart=eval-loss-chart] .scatterlayer .trace path.js-line").First.WaitForAsync();
            await Expect(page.Locator("[data-chart=loss-chart] .gtitle")).ToContainTextAsync("Training objective");
            await Expect(page.Locator("[data-chart=eval-loss-chart] .legendtext").First).ToContainTextAsync("eval cross-entropy");
            output.WriteLine("run screenshot: " + await Screenshots.SaveAsync(page, "new-run-draft-run"));

            // Clone: the same config in the form, renamed, ready to edit and start.
            await page.Locator("#clone-run").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($@"/runs/new\?from={runId}$"));
            await Expect(preview).ToContainTextAsync($"\"name\": \"{name}-clone\"");
            await Expect(preview).ToContainTextAsync("\"checkpointEvery\": 10");
            await Expect(page.Locator("#field-objectives-1-temperature")).ToHaveValueAsync("3.5");
            await Expect(page.Locator("#draft-source")).ToContainTextAsync($"clone of run #{runId}");
            output.WriteLine("clone screenshot: " + await Screenshots.SaveAsync(page, "new-run-draft-clone"));
            Assert.DoesNotContain(fixture.BrowserErrors, e => e.StartsWith("page error"));
        }
        catch
        {
            try { output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-new-run-draft")); }
            catch (PlaywrightException) { }
            output.WriteLine("app output:\n" + fixture.App.Output);
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Form_LeafPresetByAddressPlusAnEvaluationSet_EditsLeafAndTheSetInTheDraft()
    {
        var page = await fixture.NewPageAsync();
        try
        {
            await page.GotoAsync("runs/new?preset=leaf-instruction");
            var preview = page.Locator("#config-preview");
            await Expect(preview).ToContainTextAsync("\"mask\": \"instruction\"");
            await page.RetryUntilAsync(() => page.Locator("#add-eval-set").ClickAsync(), () => page.Locator("#field-eval-sets-0-split").IsVisibleAsync(), "add an evaluation set");
            await FillAsync(page, "field-eval-sets-0-name", "ood", "\"name\": \"ood\"");
            await FillAsync(page, "field-eval-sets-0-split", "ood", "\"split\": \"ood\"");
            await FillAsync(page, "field-eval-sets-0-samples", "50", "\"samples\": 50");
            await FillAsync(page, "field-leaf-rho", "0.2", "\"rho\": 0.2");
            await FillAsync(page, "field-leaf-max-spans-per-sample", "2", "\"maxSpansPerSample\": 2");
            await Expect(page.Locator("#form-errors")).ToHaveCountAsync(0);
            output.WriteLine("screenshot: " + await Screenshots.SaveAsync(page, "new-run-draft-leaf-eval-sets"));

            await FillAsync(page, "field-leaf-rho", "1.5", "\"rho\": 1.5");
            await Expect(page.Locator(".mud-input-control:has(#field-leaf-rho) .mud-input-helper-text")).ToContainTextAsync("ρ must be at least 0 and below 1.");
            await Expect(page.Locator("#form-errors")).ToContainTextAsync("leaf.rho:");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    // The first input after a prerender can be lost before the circuit connects: fill until the preview shows it.
    private static Task FillAsync(IPage page, string id, string value, string inPreview) =>
        page.RetryUntilAsync(
            () => page.Locator("#" + id).FillAsync(value),
            async () => (await page.Locator("#config-preview").InnerTextAsync()).Contains(inPreview),
            $"set #{id} to {value}");
}
