using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.Components.Verdict;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components.Verdict;

public sealed class CompareBandTests : WorkbenchComponentContext
{
    private IRenderedComponent<Compare> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/compare?" + query);
        return Render<Compare>();
    }

    // Two learning rates × seeds 1, 2; train/loss = scale / step with scale 1, 3 (slow) and 2, 2 (fast).
    private async Task<int[]> SeedAsync()
    {
        var ids = new List<int>();
        foreach (var (lr, seed, scale) in new[] { (1e-3, 1, 1.0), (1e-3, 2, 3.0), (1e-2, 1, 2.0), (1e-2, 2, 2.0) })
            ids.Add(await SeededRuns.AddAsync(Services, new RunConfig { Name = $"lr{lr}-s{seed}", LearningRate = lr, Seed = seed },
                metrics: [.. SeededRuns.Series(MetricNames.TrainLoss, 20, s => scale / s), new(MetricNames.EvalAccuracy, 20, 0.1 * scale, SeededRuns.Start)]));
        return [.. ids];
    }

    [Fact]
    public async Task Compare_BandMinMax_OneMeanLinePerConfigurationWithRunsRange()
    {
        var ids = await SeedAsync();

        var page = Open($"runs={string.Join(',', ids)}&band=minmax");

        page.WaitForAssertion(() => Assert.NotNull(page.FindComponent<BandChart>().Instance.Data));
        var data = page.FindComponent<BandChart>().Instance.Data!;
        Assert.Empty(page.FindComponents<TrackedChart>());
        Assert.Equal(["learningRate=0.001", "learningRate=0.01"], data.Series.Select(s => s.Label));
        var slow = data.Series[0];
        Assert.Equal(1L, slow.Steps[0]);
        Assert.Equal((2.0, 1.0, 3.0), (slow.Mean[0], slow.Low[0], slow.High[0]));   // step 1: runs at 1 and 3
        Assert.Equal(2, slow.Runs[0]);
        Assert.Equal((2.0, 2.0, 2.0), (data.Series[1].Mean[0], data.Series[1].Low[0], data.Series[1].High[0]));
    }

    [Fact]
    public async Task Compare_TwoConfigurations_VerdictFirstAndBaselineFromUrl()
    {
        var ids = await SeedAsync();

        var page = Open($"runs={string.Join(',', ids)}&baseline={ids[2]}");

        var panel = page.FindComponent<VerdictPanel>();
        Assert.Equal("learningRate=0.01", panel.Instance.Current!.Baseline.Label);
        Assert.True(page.Markup.IndexOf("id=\"verdict\"", StringComparison.Ordinal) < page.Markup.IndexOf("id=\"compare-metric\"", StringComparison.Ordinal));
        // The per-run table's baseline follows: run ids[2] is marked.
        Assert.Contains("(baseline)", page.Find($"#summary-table th:nth-child(4)").TextContent);
    }
}
