using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
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

    /// <summary>
    /// The effect table's rows: eval-split accuracy, then each evaluation set's accuracy, copy rate and confounder attention
    /// (eval/&lt;set&gt;/*, only measures the run reports); runs from before evaluation sets show their eval/ood_* metrics instead.
    /// </summary>
    public IReadOnlyList<(string Name, string Title, bool HigherIsBetter)> EffectMetrics
    {
        get
        {
            List<(string, string, bool)> rows = [(MetricNames.EvalAccuracy, "accuracy, in distribution", true)];
            var sets = _byName.Keys.Select(EvalMetricNames.Parse).OfType<(string Set, string Measure)>()
                .Where(p => p.Measure == EvalMetricNames.Accuracy).Select(p => p.Set).Order(StringComparer.Ordinal).ToList();
            foreach (var set in sets)
            {
                rows.Add((EvalMetricNames.For(set, EvalMetricNames.Accuracy), $"accuracy, {set}", true));
                rows.AddRange(s_setMeasures.Where(m => _byName.ContainsKey(EvalMetricNames.For(set, m.Measure)))
                    .Select(m => (EvalMetricNames.For(set, m.Measure), $"{m.Title} ({set})", false)));
            }
            if (sets.Count == 0) rows.AddRange(s_legacy.Where(m => _byName.ContainsKey(m.Name)).Select(m => (m.Name, m.Title, m.Name == LeafMetricNames.EvalOodAccuracy)));
            return rows;
        }
    }

    private static readonly (string Measure, string Title)[] s_setMeasures =
    [
        (EvalMetricNames.CopyRate, "copies the distractor"),
        (EvalMetricNames.CamShare, "attention share on distractor"),
        (EvalMetricNames.CamLift, "attention lift over uniform"),
    ];

    // Runs recorded before evaluation sets existed.
    private static readonly (string Name, string Title)[] s_legacy =
    [
        (LeafMetricNames.EvalOodAccuracy, "accuracy, out of distribution"),
        (LeafMetricNames.EvalOodCopyRate, "copies the distractor (OOD)"),
        (LeafMetricNames.EvalCamShare, "attention share on distractor"),
        (LeafMetricNames.EvalCamLift, "attention lift over uniform"),
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

    /// <summary>The detection leaderboard's rows (empty when the run measured none), best token F1 first.</summary>
    public IReadOnlyList<DetectionBoardRow> BoardRows() =>
        DetectionBoard.Rows(_byName.Where(kv => kv.Key.StartsWith("board/", StringComparison.Ordinal) && kv.Value.Count > 0)
                                   .Select(kv => (kv.Key, kv.Value[^1].Value)));

    public void Add(IEnumerable<MetricPoint> points)
    {
        foreach (var point in points)
        {
            if (!_byName.TryGetValue(point.Name, out var list)) _byName[point.Name] = list = [];
            list.Add(point);
        }
    }
}
