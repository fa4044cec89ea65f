using Bunit;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Web.Analysis;
using Workbench.Web.Components.Verdict;
using Workbench.Web.Tests.Analysis;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components.Verdict;

public sealed class VerdictPanelTests : WorkbenchComponentContext
{
    private const string Ood = "eval/ood/accuracy";
    private const string OodCopy = "eval/ood/copy_rate";

    private static RunRow Run(int id, int seed, bool leaf, double ood, double copy) =>
        RunRows.Of(id, RunRows.Distill($"r{id}", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl) with
        {
            Seed = seed, Leaf = leaf ? new LeafConfig() : null,
        }, new Dictionary<string, double> { [Ood] = ood, [OodCopy] = copy, ["detect/f1"] = 0.5, ["system/memory_mb"] = 200 });

    // OOD accuracy clearly up for LeaF (+6, +6, +7 points); copy rate within noise (−1, +2, −1 points).
    private static IReadOnlyList<RunRow> Runs() =>
    [
        Run(1, 1, false, 0.30, 0.40), Run(2, 2, false, 0.31, 0.40), Run(3, 3, false, 0.29, 0.40),
        Run(4, 1, true, 0.36, 0.39), Run(5, 2, true, 0.37, 0.42), Run(6, 3, true, 0.36, 0.39),
    ];

    [Fact]
    public void VerdictPanel_KeyTable_MeansIntervalsAndDeltasPerConfiguration()
    {
        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, Runs()));

        Assert.Equal(["no leaf", "leaf"], panel.FindAll("#verdict-key-table thead th[data-configuration]").Select(th => th.GetAttribute("data-configuration")));
        Assert.Equal([Ood, OodCopy], panel.FindAll("#verdict-key-table tbody tr").Select(tr => tr.GetAttribute("data-metric")));
        var ood = panel.Find($"#verdict-key-table tr[data-metric='{Ood}']");
        // no leaf: mean 30.0 %, sd 1 point, half = 4.303 / √3 = 2.5 points
        Assert.Equal("30.0 % ± 2.5", ood.QuerySelectorAll(".verdict-mean")[0].TextContent.Trim());
        Assert.Equal("Δ +6.3 points [+4.9, +7.8]", ood.QuerySelector(".verdict-delta")!.TextContent.Trim());
        Assert.Contains("3 runs, 3 seeds", panel.Find("#verdict-key-table thead").TextContent);
    }

    [Fact]
    public void VerdictPanel_Colours_OnlyWhenIntervalExcludesZero()
    {
        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, Runs()));

        var better = panel.Find($"#verdict-key-table tr[data-metric='{Ood}'] .verdict-delta");
        Assert.Equal("better", better.GetAttribute("data-verdict"));
        Assert.Contains("mud-success-text", better.ClassName);
        var noise = panel.Find($"#verdict-key-table tr[data-metric='{OodCopy}'] .verdict-delta");
        Assert.Equal("neutral", noise.GetAttribute("data-verdict"));
        Assert.DoesNotContain("mud-success-text", noise.ClassName);
        Assert.DoesNotContain("mud-error-text", noise.ClassName);
        var sentences = panel.FindAll("#verdict-sentences li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, sentences.Count);
        Assert.StartsWith("leaf beats no leaf on ood accuracy by +6.3 points", sentences[0]);
        Assert.StartsWith("leaf is not distinguishable from no leaf on ood copy rate", sentences[1]);
    }

    [Fact]
    public void VerdictPanel_Sections_CollapsedUntilOpened()
    {
        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, Runs()));

        Assert.Equal(2, panel.FindAll(".verdict-section").Count);           // detection, system; no losses, no others
        Assert.Contains("invisible", panel.Find(".verdict-section-detection .mud-collapse-container").ClassList);
        Assert.Empty(panel.FindAll($"#verdict-key-table tr[data-metric='detect/f1']"));

        panel.Find(".verdict-section-detection .mud-expand-panel-header").Click();

        panel.WaitForAssertion(() => Assert.DoesNotContain("invisible", panel.Find(".verdict-section-detection .mud-collapse-container").ClassList));
        Assert.Single(panel.FindAll("#verdict-detection-table tr[data-metric='detect/f1']"));
        Assert.Contains("invisible", panel.Find(".verdict-section-system .mud-collapse-container").ClassList);
    }

    [Fact]
    public void VerdictPanel_BaselineParameter_SwapsColumnsAndReportsChoice()
    {
        var runs = Runs();
        var leafKey = ConfigurationGrouping.Group(runs).Configurations[1].Key;
        string? reported = null;

        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, runs).Add(x => x.BaselineKey, leafKey)
            .Add(x => x.BaselineKeyChanged, (string k) => reported = k));

        Assert.Equal("leaf", panel.Find("#verdict-key-table thead th[data-configuration]").GetAttribute("data-configuration"));
        Assert.Equal("worse", panel.Find($"#verdict-key-table tr[data-metric='{Ood}'] .verdict-delta").GetAttribute("data-verdict"));
        Assert.Null(reported);
    }

    [Fact]
    public void VerdictPanel_OneSeedEach_NoIntervalNoColour()
    {
        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, [Run(1, 1, false, 0.3, 0.4), Run(2, 1, true, 0.5, 0.2)]));

        var delta = panel.Find($"#verdict-key-table tr[data-metric='{Ood}'] .verdict-delta");
        Assert.Equal("Δ +20.0 points (1 seed)", delta.TextContent.Trim());
        Assert.Equal("neutral", delta.GetAttribute("data-verdict"));
        Assert.Contains("1 seed, no interval", panel.Find("#verdict-sentences").TextContent);
    }

    [Fact]
    public void VerdictPanel_NoRuns_SaysSoInsteadOfFailing()
    {
        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, []));

        Assert.Equal("No runs yet.", panel.Find("#verdict-empty").TextContent);
        Assert.Null(panel.Instance.Current);
    }

    [Fact]
    public void VerdictPanel_UnfinishedRuns_SummarySaysLatestValues()
    {
        var running = RunRows.Of(7, RunRows.Distill("r7", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl) with { Seed = 4 },
            new Dictionary<string, double> { [Ood] = 0.3 }, status: RunStatus.Running);

        var failed = RunRows.Of(8, RunRows.Distill("r8", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl) with { Seed = 5 },
            new Dictionary<string, double> { [Ood] = 0.9 }, status: RunStatus.Failed);

        var panel = Render<VerdictPanel>(p => p.Add(x => x.Runs, [.. Runs(), running, failed]));

        Assert.Contains("7 runs (1 still running: latest values) · 1 failed or cancelled, left out", panel.Find("#verdict-summary").TextContent);
    }
}
