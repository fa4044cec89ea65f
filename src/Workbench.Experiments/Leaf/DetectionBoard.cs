namespace Workbench.Experiments.Leaf;

/// <summary>
/// The detection leaderboard (issue 14) as rows, read back from a run's <c>board/…</c> metrics, and the run that measures it.
/// </summary>
public static class DetectionBoard
{
    /// <summary>
    /// One row per scorer × unit × rule found in <paramref name="metrics"/> (the last value of each name), best token F1 first;
    /// each row carries its scorer's cost per sample and that cost relative to the gradient-norm scorer's.
    /// </summary>
    public static IReadOnlyList<DetectionBoardRow> Rows(IEnumerable<(string Name, double Value)> metrics)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics)
            if (name.StartsWith("board/", StringComparison.Ordinal)) last[name] = value;
        var baseCost = last.GetValueOrDefault(LeafMetricNames.BoardCost(LeafScorers.GradientNorm));
        var rows = new List<DetectionBoardRow>();
        foreach (var key in last.Keys)
        {
            var parts = key.Split('/');
            if (parts.Length != 5 || parts[4] != LeafMetricNames.BoardMeasures[0]) continue;
            var (scorer, unit, rule) = (parts[1], parts[2], parts[3]);
            double Get(string measure) => last.GetValueOrDefault(LeafMetricNames.Board(scorer, unit, rule, measure));
            var cost = last.TryGetValue(LeafMetricNames.BoardCost(scorer), out var ms) ? ms : (double?)null;
            rows.Add(new DetectionBoardRow(scorer, unit, rule, Get("precision"), Get("recall"), Get("f1"), Get("span_precision"), Get("span_recall"),
                                           Get("span_f1"), Get("hit_rate"), Get("mostly_inside"), cost, cost is { } c && baseCost > 0 ? c / baseCost : null));
        }
        return [.. rows.OrderByDescending(r => r.F1).ThenBy(r => r.Scorer, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Rule, StringComparer.Ordinal)];
    }

    /// <summary>Samples the board reported, or null when the run has no board.</summary>
    public static int? Samples(IEnumerable<(string Name, double Value)> metrics) =>
        metrics.Where(m => m.Name == LeafMetricNames.BoardSamples).Select(m => (int?)m.Value).LastOrDefault();

    /// <summary>
    /// A run that measures the board for a teacher and a student (run ids) on a dataset with gold spans: LeaF with the paper's
    /// scorer, detection and the board on the first <paramref name="samples"/> training samples, and a single training step.
    /// </summary>
    public static RunConfig Config(int teacherRun, int studentRun, string dataset, int samples, string? name = null) => new()
    {
        Name = name ?? $"detection-board-{teacherRun}-{studentRun}",
        Dataset = dataset,
        Teacher = new ModelRef { Run = teacherRun },
        Student = new ModelRef { Run = studentRun },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 1 }],
        Steps = 1,
        BatchSize = 16,
        EvalEvery = 1,
        Leaf = new LeafConfig { Mask = LeafMasks.Instruction, DetectionSamples = samples, LeaderboardSamples = samples },
    };
}

/// <summary>One leaderboard row; token-level precision/recall/F1, span-level ones, hit rate and mostly-inside share (see QualityScores).</summary>
/// <param name="MsPerSample">The scorer's cost per sample, teacher and student together (null when not reported).</param>
/// <param name="CostVsGradient">That cost divided by the gradient-norm scorer's.</param>
public sealed record DetectionBoardRow(string Scorer, string Unit, string Rule, double Precision, double Recall, double F1,
                                       double SpanPrecision, double SpanRecall, double SpanF1, double HitRate, double MostlyInside,
                                       double? MsPerSample, double? CostVsGradient);
