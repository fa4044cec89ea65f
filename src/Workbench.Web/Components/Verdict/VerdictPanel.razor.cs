using Workbench.Experiments;
using Microsoft.AspNetCore.Components;
using Workbench.Web.Analysis;
using Workbench.Web.Analysis.Verdicts;

namespace Workbench.Web.Components.Verdict;

/// <summary>
/// Leads a group or a comparison with what its runs say (<see cref="VerdictBuilder"/>). The baseline and the extra
/// key metrics are the panel's own state, started from the parameters and reported through the callbacks so a page
/// can keep them in its URL.
/// </summary>
public sealed partial class VerdictPanel
{
    private static readonly (MetricSection Section, string Title)[] s_sections =
    [
        (MetricSection.Detection, "Detection quality"),
        (MetricSection.System, "System"),
        (MetricSection.Loss, "Losses"),
        (MetricSection.Other, "Other metrics"),
    ];

    private Analysis.Verdicts.Verdict? _verdict;
    private string? _baselineKey;
    private IReadOnlyList<string> _extra = [];
    private (IReadOnlyList<RunRow>?, string?, IReadOnlyList<string>?) _seen;

    /// <summary>The runs, in the order their configurations appear after the baseline (none: "No runs yet"). Required.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<RunRow> Runs { get; set; }

    /// <summary>Key (<see cref="RunConfiguration.Key"/>) of the baseline configuration. Default: null, the configuration with the fewest config keys.</summary>
    [Parameter] public string? BaselineKey { get; set; }

    /// <summary>Called with the configuration key when the user picks another baseline. Default: none.</summary>
    [Parameter] public EventCallback<string> BaselineKeyChanged { get; set; }

    /// <summary>Metrics to lead with besides the default key metrics. Default: none.</summary>
    [Parameter] public IReadOnlyList<string>? ExtraMetrics { get; set; }

    /// <summary>Called with the new list when the user adds or removes a key metric. Default: none.</summary>
    [Parameter] public EventCallback<IReadOnlyList<string>> ExtraMetricsChanged { get; set; }

    /// <summary>The verdict on screen (for tests); null without runs.</summary>
    public Analysis.Verdicts.Verdict? Current => _verdict;

    private IReadOnlyList<VerdictRow> KeyRows => _verdict!.Section(MetricSection.Key);

    private string Summary
    {
        get
        {
            var grouping = _verdict!.Grouping;
            var axes = grouping.Axes.Count == 0 ? "" : $" · varied: {string.Join(", ", grouping.Axes)}";
            var configurations = grouping.Configurations.Count == 1 ? "1 configuration" : $"{grouping.Configurations.Count} configurations";
            // Unfinished runs count with their latest values; say so, as a verdict over half-trained runs can change.
            var counted = Runs.Count - _verdict.Excluded.Count;
            var unfinished = Runs.Count(r => !r.Status.IsTerminal());
            var pending = unfinished == 0 ? "" : $" ({unfinished} still running: latest values)";
            var excluded = _verdict.Excluded.Count == 0 ? "" : $" · {_verdict.Excluded.Count} failed or cancelled, left out";
            return $"{configurations} · {counted} runs{pending}{excluded}{axes} · 95 % Student-t intervals over seeds, deltas paired by seed";
        }
    }

    protected override void OnParametersSet()
    {
        // Parameters seed the state; a parent re-render with the same values keeps the user's choices.
        if (_seen != (Runs, BaselineKey, ExtraMetrics))
        {
            _seen = (Runs, BaselineKey, ExtraMetrics);
            _baselineKey = BaselineKey;
            _extra = ExtraMetrics ?? [];
        }
        Rebuild();
    }

    private void Rebuild() => _verdict = VerdictBuilder.HasCountedRuns(Runs) ? VerdictBuilder.Build(Runs, _baselineKey, _extra) : null;

    private async Task SelectBaselineAsync(string key)
    {
        _baselineKey = key;
        Rebuild();
        await BaselineKeyChanged.InvokeAsync(key);
    }

    private async Task AddKeyMetricAsync(string? metric)
    {
        if (string.IsNullOrEmpty(metric) || _extra.Contains(metric)) return;
        _extra = [.. _extra, metric];
        Rebuild();
        await ExtraMetricsChanged.InvokeAsync(_extra);
    }

    private async Task RemoveKeyMetricAsync(string metric)
    {
        _extra = _extra.Where(m => m != metric).ToList();
        Rebuild();
        await ExtraMetricsChanged.InvokeAsync(_extra);
    }
}
