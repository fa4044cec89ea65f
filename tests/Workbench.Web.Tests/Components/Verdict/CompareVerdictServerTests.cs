using System.Net;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components.Verdict;

/// <summary>The compare page served by the real app over a real SQLite file: the verdict leads when runs form configurations.</summary>
public sealed class CompareVerdictServerTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private static RunConfig Config(string name, int seed, bool leaf) => new()
    {
        Name = name, Seed = seed,
        Teacher = new ModelRef { Checkpoint = "demo-teacher" },
        Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, new() { Kind = ObjectiveKinds.ForwardKl }],
        Leaf = leaf ? new LeafConfig() : null,
    };

    private async Task<int> SeedAsync(string name, int seed, bool leaf, double ood) =>
        await SeededRuns.AddAsync(server.Services, Config(name, seed, leaf), metrics:
        [
            .. SeededRuns.Series(MetricNames.TrainLoss, 30, s => 2.0 / s),
            new(EvalMetricName, 30, ood, SeededRuns.Start),
            new("detect/f1", 30, 0.6, SeededRuns.Start),
        ]);

    private const string EvalMetricName = "eval/ood/accuracy";

    [Fact]
    public async Task ComparePage_TwoConfigurationsTwoSeeds_VerdictRenderedFirst()
    {
        var kd1 = await SeedAsync("kd-s1", 1, false, 0.30);
        var kd2 = await SeedAsync("kd-s2", 2, false, 0.32);
        var leaf1 = await SeedAsync("leaf-s1", 1, true, 0.45);
        var leaf2 = await SeedAsync("leaf-s2", 2, true, 0.46);
        using var http = server.CreateHttpClient();

        var response = await http.GetAsync($"/compare?runs={leaf1},{kd1},{leaf2},{kd2}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = html.IndexOf("id=\"verdict\"", StringComparison.Ordinal);
        Assert.True(verdict > 0, "the verdict is rendered");
        Assert.True(verdict < html.IndexOf("id=\"compare-metric\"", StringComparison.Ordinal), "the verdict comes before the chart controls");
        Assert.True(verdict < html.IndexOf("id=\"summary-table\"", StringComparison.Ordinal), "and before the per-run table");
        // Paired by seed: +15.0 and +14.0 points.
        Assert.Contains("leaf beats no leaf on ood accuracy by +14.5 points (95 % CI +8.1 to +20.9, 2 seeds).", html);
        Assert.Contains("data-configuration=\"no leaf\"", html);
        // Detection rows left the per-run table for the verdict's collapsed section.
        Assert.DoesNotContain("<tr data-metric=\"detect/f1\"", html[html.IndexOf("id=\"summary-table\"", StringComparison.Ordinal)..]);
        Assert.Contains("Detection quality (1)", html);
    }

    [Fact]
    public async Task ComparePage_OneRunEachDifferentNames_NoVerdict()
    {
        var a = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "alone" });
        using var http = server.CreateHttpClient();

        var html = await http.GetStringAsync($"/compare?runs={a}");

        Assert.DoesNotContain("id=\"verdict\"", html);
        Assert.Contains("id=\"summary-table\"", html);
    }

    [Fact]
    public async Task VerdictApi_BadInput_FieldNamedProblems()
    {
        var a = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "api-a" });
        var b = await SeededRuns.AddAsync(server.Services, new RunConfig { Name = "api-b" });
        using var http = server.CreateHttpClient();

        foreach (var (query, field) in new[] { ("runs=", "runs"), ("runs=999999", "runs"), ($"runs={a}&baseline={b}", "baseline") })
        {
            var response = await http.GetAsync("/api/verdict?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{query}: names {field}");
        }
    }

    [Fact]
    public async Task VerdictApi_TwoConfigurations_SentencesAndAggregationTiming()
    {
        var kd1 = await SeedAsync("api-kd-s1", 1, false, 0.30);
        var kd2 = await SeedAsync("api-kd-s2", 2, false, 0.31);
        var leaf1 = await SeedAsync("api-leaf-s1", 1, true, 0.20);
        var leaf2 = await SeedAsync("api-leaf-s2", 2, true, 0.22);
        using var http = server.CreateHttpClient();

        var response = await http.GetAsync($"/api/verdict?runs={kd1},{kd2},{leaf1},{leaf2}&baseline={leaf1}");

        response.EnsureSuccessStatusCode();
        Assert.StartsWith("verdict;dur=", response.Headers.GetValues("Server-Timing").Single());
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("leaf", json.RootElement.GetProperty("baseline").GetString());
        Assert.Equal("no leaf beats leaf on ood accuracy by +9.5 points (95 % CI +3.1 to +15.9, 2 seeds).",
            json.RootElement.GetProperty("sentences")[0].GetString());
    }
}
