using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class CompareTests : WorkbenchComponentContext
{
    private IRenderedComponent<Compare> Open(string query)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/compare?" + query);
        return Render<Compare>();
    }

    private async Task<(int A, int B)> SeedAsync()
    {
        var a = await SeededRuns.AddAsync(Services, new RunConfig { Name = "base", LearningRate = 3e-3 },
            metrics: [.. SeededRuns.Series(MetricNames.TrainLoss, 50, s => 2.0 / s), new(MetricNames.EvalAccuracy, 50, 0.5, SeededRuns.Start)]);
        var b = await SeededRuns.AddAsync(Services, new RunConfig { Name = "faster", LearningRate = 1e-2 },
            metrics: [.. SeededRuns.Series(MetricNames.TrainLoss, 80, s => 1.0 / s), new(MetricNames.EvalAccuracy, 80, 0.4, SeededRuns.Start)]);
        return (a, b);
    }

    [Fact]
    public async Task Compare_DifferencesOnly_ShowsDifferingKeysAndToggleWritesUrl()
    {
        var (a, b) = await SeedAsync();

        var page = Open($"runs={a},{b}");

        page.WaitForAssertion(() => Assert.Equal(["name", "learningRate"],
            page.FindAll("#config-diff tbody tr").Select(r => r.GetAttribute("data-key"))));
        page.Find("#compare-differences").Change(false);
        Assert.Contains("diff=0", Services.GetRequiredService<NavigationManager>().Uri);

        var all = Open($"runs={a},{b}&diff=0");
        all.WaitForAssertion(() => Assert.True(all.FindAll("#config-diff tbody tr").Count > 10));
        Assert.Contains("config-differs", all.Find("#config-diff tr[data-key=learningRate]").ClassName);
        Assert.DoesNotContain("config-differs", all.Find("#config-diff tr[data-key=steps]").ClassName ?? "");
    }

    [Fact]
    public async Task Compare_Baseline_DeltasColouredByDirection()
    {
        var (a, b) = await SeedAsync();

        var page = Open($"runs={a},{b}&baseline={a}");

        page.WaitForAssertion(() =>
        {
            var loss = page.Find($"#summary-table tr[data-metric='{MetricNames.TrainLoss}'] [data-verdict]");
            Assert.Equal("better", loss.GetAttribute("data-verdict"));          // 1/80 < 2/50: lower loss
            var accuracy = page.Find($"#summary-table tr[data-metric='{MetricNames.EvalAccuracy}'] [data-verdict]");
            Assert.Equal("worse", accuracy.GetAttribute("data-verdict"));       // 0.4 < 0.5
            Assert.Contains("mud-error-text", accuracy.ClassName);
        });
    }

    [Fact]
    public async Task Compare_Chart_OneTracePerRunOnOneGridWithStableColours()
    {
        var (a, b) = await SeedAsync();

        var page = Open($"runs={a},{b}&smooth=0.5");

        page.WaitForAssertion(() => Assert.NotNull(page.FindComponent<TrackedChart>().Instance.Data));
        var data = page.FindComponent<TrackedChart>().Instance.Data!;
        Assert.Equal((1L, 80L), (data.From, data.To));
        Assert.Equal([50, 80], data.Series.Select(s => s.X.Count));
        Assert.Equal(Workbench.Web.Analysis.RunColors.For(a), data.Series[0].Color);
        Assert.NotEqual(data.Series[0].Color, data.Series[1].Color);
    }
}
