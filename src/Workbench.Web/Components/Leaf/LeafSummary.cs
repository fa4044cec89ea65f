using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Web.Components.Leaf;

/// <summary>What the LeaF page's tables show, read from a run's metrics: detection quality per method and the before/after effect.</summary>
public sealed class LeafSummary
{
    private readonly Dictionary<string, List<MetricPoint>> _byName;

    public LeafSummary(IEnumerable<MetricPoint> points)
    {
        _byName = points.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Step).ToList());
    }

    public static IReadOnlyList<(string Name, string Title, bool HigherIsBetter)> EffectMetrics { get; } =
    [
        (MetricNames.EvalAccuracy, "accuracy, in distribution", true),
        (LeafMetricNames.EvalOodAccuracy, "accuracy, out of distribution", true),
        (LeafMetricNames.EvalOodCopyRate, "copies the distractor (OOD)", false),
        (LeafMetricNames.EvalCamShare, "attention share on distractor", false),
        (LeafMetricNames.EvalCamLift, "attention lift over uniform", false),
    ];

    public static IReadOnlyDictionary<string, string> MethodTitles { get; } = new Dictionary<string, string>
    {
        ["leaf"] = "LeaF (teacher − student)",
        ["student_only"] = "student saliency alone",
        ["random"] = "random, same count",
    };

    public bool HasQuality => _byName.Keys.Any(k => k.StartsWith("detect/leaf/", StringComparison.Ordinal));

    public double? Last(string name) => _byName.TryGetValue(name, out var points) && points.Count > 0 ? points[^1].Value : null;

    /// <summary>The value before any training step (the step-0 eval of the starting student).</summary>
    public double? Before(string name) => _byName.TryGetValue(name, out var points) && points.Count > 0 && points[0].Step == 0 ? points[0].Value : null;

    /// <summary>The latest value after training started (null while only step 0 exists).</summary>
    public double? After(string name) => _byName.TryGetValue(name, out var points) && points.Count > 0 && points[^1].Step > 0 ? points[^1].Value : null;

    public double? Quality(string method, string measure) => Last(LeafMetricNames.Quality(method, measure));

    public void Add(IEnumerable<MetricPoint> points)
    {
        foreach (var point in points)
        {
            if (!_byName.TryGetValue(point.Name, out var list)) _byName[point.Name] = list = [];
            list.Add(point);
        }
    }
}
