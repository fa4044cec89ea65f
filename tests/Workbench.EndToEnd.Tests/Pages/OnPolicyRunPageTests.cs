using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.EndToEnd.Tests.Shared;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Workbench.EndToEnd.Tests.Pages;

/// <summary>
/// GKD from the browser: the demo distillation preset with generalized JSD (β 0.5) on the on-policy regime (λ 0.5), started from
/// New run; the run page shows the student's samples coloured by the teacher's log-probabilities and the on-policy share live,
/// and still after the run has finished.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class OnPolicyRunPageTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int Steps = 400;   // long enough (~10 s idle) for the 1 s sample reports to move while the run is running

    static OnPolicyRunPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task StartGkdFromTheForm_SamplesPanelAndShareAppearLive_AndStayAfterTheRunCompletes()
    {
        var clock = Stopwatch.StartNew();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        // The demo preset's teacher, at the size a CI test can pretrain in seconds.
        var teacher = "e2e-gkd-teacher-" + suffix;
        var response = await fixture.Http.PostAsJsonAsync("api/runs", new
        {
            name = teacher,
            student = new { layers = 1, heads = 2, width = 32, context = 64 },
            objectives = new[] { new { kind = "cross_entropy", weight = 1.0 } },
            steps = 30,
            batchSize = 16,
            learningRate = 3e-3,
            evalEvery = 30,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var teacherId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal("completed", await fixture.WaitForTerminalAsync(teacherId, TimeSpan.FromSeconds(120)));
        output.WriteLine($"teacher ready at {clock.Elapsed.TotalSeconds:0.0} s");

        var page = await fixture.NewPageAsync();
        var name = "e2e-gkd-" + suffix;
        try
        {
            await page.GotoAsync("runs/new");
            var preview = page.Locator("#config-preview");
            await page.SelectMudItemAsync("preset", "Demo distillation (CE + forward KL)");
            await Expect(preview).ToContainTextAsync("\"kind\": \"forward_kl\"");
            await page.SelectMudItemAsync("field-teacher", $"{teacher} (newest completed run");
            await FillAsync(page, "field-name", name, $"\"name\": \"{name}\"");
            await FillAsync(page, "field-student-layers", "1", "\"layers\": 1");
            await FillAsync(page, "field-student-width", "32", "\"width\": 32");
            await FillAsync(page, "field-steps", Steps.ToString(CultureInfo.InvariantCulture), $"\"steps\": {Steps}");
            await FillAsync(page, "field-eval-every", "100", "\"evalEvery\": 100");
            await FillAsync(page, "field-batch-size", "8", "\"batchSize\": 8");

            // Generalized JSD(β = 0.5) as the only objective.
            await page.RetryUntilAsync(() => page.Locator("#remove-objective-1").ClickAsync(), async () => !(await preview.InnerTextAsync()).Contains("forward_kl"),
                                       "remove the forward KL term");
            await page.SelectMudItemAsync("field-objectives-0-kind", "Generalized JSD(β)");
            await Expect(preview).ToContainTextAsync("\"kind\": \"jsd\"");
            await FillAsync(page, "field-objectives-0-beta", "0.5", "\"beta\": 0.5");

            // The data regime: on-policy, λ 0.5, short completions.
            await page.RetryUntilAsync(() => page.Locator("#field-data").ClickAsync(new() { Force = true }),
                                       async () => (await preview.InnerTextAsync()).Contains("\"regime\""), "switch the data regime section on");
            await page.SelectMudItemAsync("field-data-regime", "on-policy (student's, GKD)");
            await Expect(preview).ToContainTextAsync("\"regime\": \"on_policy\"");
            await FillAsync(page, "field-data-lambda", "0.5", "\"lambda\": 0.5");
            await FillAsync(page, "field-data-max-new-tokens", "8", "\"maxNewTokens\": 8");
            await Expect(page.Locator("#form-errors")).ToHaveCountAsync(0);
            output.WriteLine("form screenshot: " + await Screenshots.SaveAsync(page, "gkd-new-run-form"));

            await page.Locator("#start-run").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/runs/\d+$"));
            var runId = int.Parse(Regex.Match(page.Url, @"/runs/(\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
            var config = (await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}")).GetProperty("config");
            Assert.Equal("on_policy", config.GetProperty("data").GetProperty("regime").GetString());
            Assert.Equal(0.5, config.GetProperty("data").GetProperty("lambda").GetDouble());
            Assert.Equal("jsd", config.GetProperty("objectives")[0].GetProperty("kind").GetString());
            Assert.Equal(0.5, config.GetProperty("objectives")[0].GetProperty("beta").GetDouble());
            Assert.Equal(1, config.GetProperty("objectives").GetArrayLength());
            output.WriteLine($"run {runId} page at {clock.Elapsed.TotalSeconds:0.0} s");

            // Live: samples and the share appear while the run is still running, and later steps' samples replace them.
            var panel = page.Locator("#policy-samples");
            await Expect(panel).ToBeVisibleAsync();
            var observations = new List<string>();
            long? firstStep = null;
            var sawLive = false;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            while (DateTime.UtcNow < deadline)
            {
                var status = await page.RunStatusAsync();
                var tokens = await page.Locator("#policy-samples .policy-token").CountAsync();
                var stepText = await page.Locator("#policy-step").CountAsync() > 0 ? await page.Locator("#policy-step").InnerTextAsync() : "";
                observations.Add($"{clock.Elapsed.TotalSeconds:0.00}s {status} tokens={tokens} step={stepText}");
                if (status == "running" && tokens > 0 && long.TryParse(stepText, out var step))
                {
                    firstStep ??= step;
                    if (step > firstStep)
                    {
                        sawLive = true;
                        output.WriteLine($"samples moved live from step {firstStep} to {step}");
                        output.WriteLine("mid-run screenshot: " + await Screenshots.SaveAsync(page, "gkd-run-live"));
                        break;
                    }
                }
                if (status is "completed" or "failed" or "cancelled" or "interrupted") break;
                await page.WaitForTimeoutAsync(200);
            }
            Assert.True(sawLive, "The samples panel did not update while the run was running:\n" + string.Join('\n', observations));
            await Expect(page.Locator("#policy-share")).ToHaveTextAsync(new Regex(@"^\d+\s?%$"));
            await Expect(page.Locator("#policy-legend")).ToBeVisibleAsync();
            var first = page.Locator("#policy-sample-0 .policy-token").First;
            await Expect(first).ToHaveAttributeAsync("title", new Regex(@"^teacher log p = -?\d+\.\d\d \(p = \d\.\d{3}\)$"));
            var logp = double.Parse(await first.GetAttributeAsync("data-logp") ?? "nan", CultureInfo.InvariantCulture);
            Assert.InRange(logp, -100, 0);

            await Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 180_000 });
            await Expect(page.Locator("#run-error")).ToHaveCountAsync(0);
            output.WriteLine($"completed at {clock.Elapsed.TotalSeconds:0.0} s");

            // A finished run still shows its last samples and share, read back from the database.
            await page.ReloadAsync();
            await Expect(page.Locator("#policy-samples .policy-token").First).ToBeVisibleAsync();
            var share = double.Parse((await page.Locator("#policy-share").InnerTextAsync()).TrimEnd('%', ' ', '\u00a0'), CultureInfo.InvariantCulture) / 100;
            Assert.InRange(share, 0.2, 0.8);   // λ = 0.5 over ~400 micro-batches
            // One micro-batch per step: the panel's share is the metric's at the panel's step (shown rounded to a percent).
            var panelStep = long.Parse(await page.Locator("#policy-step").InnerTextAsync(), CultureInfo.InvariantCulture);
            var metricShare = (await fixture.Http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}/metrics?name=data/on_policy_share"))
                .EnumerateArray().Single(p => p.GetProperty("step").GetInt64() == panelStep).GetProperty("value").GetDouble();
            Assert.InRange(Math.Abs(share - metricShare), 0, 0.006);
            await page.Locator("[data-chart=loss-chart] .scatterlayer .trace path.js-line").First.WaitForAsync();
            await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            output.WriteLine("final screenshot: " + await Screenshots.SaveAsync(page, "gkd-run-completed"));
            Assert.DoesNotContain(fixture.BrowserErrors, e => e.StartsWith("page error", StringComparison.Ordinal));
        }
        catch
        {
            output.WriteLine("failure screenshot: " + await Screenshots.SaveAsync(page, "failed-gkd-run"));
            throw;
        }
        finally
        {
            output.WriteLine($"took {clock.Elapsed.TotalSeconds:0.0} s; browser errors: {string.Join(" | ", fixture.BrowserErrors)}");
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
