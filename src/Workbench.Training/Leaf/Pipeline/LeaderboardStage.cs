using System.Diagnostics;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Scoring;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// The detection leaderboard inside a LeaF run (issue 14): every scorer on the same samples with gold spans, timed per
/// sample (teacher and student together), ranked by <see cref="DetectionLeaderboard"/> into <c>board/…</c> metrics, and each
/// scorer's flags at the run's own unit and rule kept per sample for the heatmap's side-by-side view.
/// </summary>
public sealed class LeaderboardStage(ConfounderScorer scorer, LeafConfig leaf, DetectionSettings runRule)
{
    public LeaderboardOutcome Run(IReadOnlyList<(int Index, ArithmeticProblem Problem)> samples)
    {
        var inputs = samples.Select(s =>
        {
            var layout = PromptLayout.Of(s.Problem);
            return (s.Problem, layout.Offsets, ProtectedTokens.Of(s.Problem.Prompt, layout.Offsets));
        }).ToArray();
        var raws = new Dictionary<string, IReadOnlyList<RawScores?>>();
        var metrics = new List<(string, double)> { (LeafMetricNames.BoardSamples, samples.Count) };
        foreach (var name in LeafScorers.All)
        {
            var started = Stopwatch.GetTimestamp();
            if (name == LeafScorers.Intervention)
            {
                var effects = scorer.Intervene(leaf with { InterventionTeacher = LeafInterventionTeachers.All, InterventionTeacherEdits = LeafInterventionTeacherEdits.All }, inputs);
                raws[name] = [.. effects.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Helps))];
                raws[DetectionLeaderboard.InterventionMoves] = [.. effects.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves))];
            }
            else raws[name] = scorer.Score(name, leaf, inputs);
            var ms = samples.Count == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalMilliseconds / samples.Count;
            metrics.Add((LeafMetricNames.BoardCost(name), ms));
            if (name == LeafScorers.Intervention) metrics.Add((LeafMetricNames.BoardCost(DetectionLeaderboard.InterventionMoves), ms));
        }
        metrics.AddRange(ScoreNumberEdits(inputs, raws));

        var board = samples.Select((s, k) => new BoardSample(s.Problem.Prompt, inputs[k].Offsets, inputs[k].Item3, [.. s.Problem.ConfounderSpans!],
                                                             raws.ToDictionary(r => r.Key, r => r.Value[k]))).ToArray();
        foreach (var row in DetectionLeaderboard.Rank(board, leaf.ProtectTeacherNumbersAbove))
        {
            var q = row.Scores;
            double[] values = [q.Precision, q.Recall, q.F1, q.SpanPrecision, q.SpanRecall, q.SpanF1, q.HitRate, q.MostlyInsideShare];
            for (var m = 0; m < values.Length; m++)
                metrics.Add((LeafMetricNames.Board(row.Scorer, row.Unit, row.Rule, LeafMetricNames.BoardMeasures[m]), values[m]));
        }

        var compared = new Dictionary<int, ScorerComparison>();
        for (var k = 0; k < samples.Count; k++)
        {
            var spans = new Dictionary<string, int[][]>();
            var deltas = new Dictionary<string, float[]>();
            foreach (var (name, values) in raws)
            {
                if (values[k] is not { } raw) continue;
                var (found, _) = FlagDecision.Decide(board[k].Prompt, board[k].Offsets, board[k].Protected, raw, runRule, leaf.SpanUnit, leaf.ProtectTeacherNumbersAbove);
                spans[name] = [.. found.Spans.Select(s => new[] { s.Start, s.End })];
                deltas[name] = [.. found.Delta.Select(d => (float)d)];
            }
            compared[samples[k].Index] = new ScorerComparison(spans, deltas);
        }
        return new LeaderboardOutcome(metrics, compared);
    }

    // The intervention over number edits (LeafSpanUnits.Numbers), both readings, whatever the run's own candidates are; then
    // the "moves" reading again with the bounded teacher, timed on its own.
    private IEnumerable<(string, double)> ScoreNumberEdits(IReadOnlyList<(ArithmeticProblem Problem, CharSpan[] Offsets, bool[] Protected)> inputs,
                                                          Dictionary<string, IReadOnlyList<RawScores?>> raws)
    {
        var numbers = leaf with { InterventionCandidates = LeafSpanUnits.Numbers, InterventionTeacher = LeafInterventionTeachers.All, InterventionTeacherEdits = LeafInterventionTeacherEdits.All };
        var started = Stopwatch.GetTimestamp();
        var effects = scorer.Intervene(numbers, inputs);
        raws[DetectionLeaderboard.InterventionNumbers] = [.. effects.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Helps))];
        raws[DetectionLeaderboard.InterventionNumbersMoves] = [.. effects.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves))];
        var ms = PerSample(started, inputs.Count);

        started = Stopwatch.GetTimestamp();
        var bounded = scorer.Intervene(numbers with { InterventionEffect = LeafInterventionEffects.Moves, InterventionTeacher = LeafInterventionTeachers.Bounded, ThresholdMode = LeafThresholdModes.Top, MaxSpansPerSample = 1 }, inputs);
        raws[DetectionLeaderboard.InterventionNumbersMovesBounded] = [.. bounded.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves))];
        var boundedMs = PerSample(started, inputs.Count);

        started = Stopwatch.GetTimestamp();
        var first = scorer.Intervene(numbers with { InterventionEffect = LeafInterventionEffects.Moves, InterventionTeacherEdits = LeafInterventionTeacherEdits.First }, inputs);
        raws[DetectionLeaderboard.InterventionNumbersMovesTeacherFirst] = [.. first.Select(e => e is null ? null : ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves))];
        var firstMs = PerSample(started, inputs.Count);
        return [(LeafMetricNames.BoardCost(DetectionLeaderboard.InterventionNumbers), ms), (LeafMetricNames.BoardCost(DetectionLeaderboard.InterventionNumbersMoves), ms),
                (LeafMetricNames.BoardCost(DetectionLeaderboard.InterventionNumbersMovesBounded), boundedMs),
                (LeafMetricNames.BoardCost(DetectionLeaderboard.InterventionNumbersMovesTeacherFirst), firstMs)];
    }

    private static double PerSample(long started, int count) => count == 0 ? 0 : Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
}

/// <summary>The board's metrics and, per examined sample index, every scorer's spans and Δ at the run's unit and rule.</summary>
public sealed record LeaderboardOutcome(IReadOnlyList<(string Name, double Value)> Metrics, IReadOnlyDictionary<int, ScorerComparison> Compared);

/// <summary>Every scorer's spans ([start, end) token indices) and Δ on one sample.</summary>
public sealed record ScorerComparison(IReadOnlyDictionary<string, int[][]> Spans, IReadOnlyDictionary<string, float[]> Delta);
