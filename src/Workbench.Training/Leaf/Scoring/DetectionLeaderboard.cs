using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// Every scorer × decision unit × threshold rule on the same samples, against their gold spans (issue 14). Pure: the
/// scorers' raw scores come in, <see cref="QualityScores"/> rows come out, so the table costs no gradients.
/// </summary>
public static class DetectionLeaderboard
{
    /// <summary>Threshold rules of the table: the reference's quantiles and the paper's absolute τ.</summary>
    public static IReadOnlyList<(string Label, DetectionSettings Settings)> Rules { get; } =
    [
        ("q0.05", new DetectionSettings(DetectionSettings.Quantile, Rho: 0.05)),
        ("q0.10", new DetectionSettings(DetectionSettings.Quantile, Rho: 0.10)),
        ("q0.20", new DetectionSettings(DetectionSettings.Quantile, Rho: 0.20)),
        ("a0.10", new DetectionSettings(DetectionSettings.Absolute, Tau: 0.10)),
        ("a0.25", new DetectionSettings(DetectionSettings.Absolute, Tau: 0.25)),
        ("top1", new DetectionSettings(DetectionSettings.Top, MaxSpansPerSample: 1)),
    ];

    /// <summary>The label of a run's own rule ("q0.10", "a0.15").</summary>
    public static string RuleLabel(DetectionSettings s) => s.ThresholdMode switch
    {
        DetectionSettings.Absolute => $"a{s.Tau:0.00}",
        DetectionSettings.Top => $"top{s.MaxSpansPerSample ?? 1}",
        _ => $"q{s.Rho:0.00}",
    };

    /// <summary>One row per scorer present in the samples × unit × rule, in that order.</summary>
    /// <param name="samples">Samples with gold spans and every scorer's raw scores (a null score: that scorer failed on the sample, a miss).</param>
    /// <param name="protectNumbersAbove">Answer protection for the gradient scorers, as in a run.</param>
    public static IReadOnlyList<BoardRow> Rank(IReadOnlyList<BoardSample> samples, double? protectNumbersAbove = null)
    {
        var scorers = Scorers.Where(s => samples.Any(x => x.Raw.ContainsKey(s))).ToArray();
        var rows = new List<BoardRow>();
        foreach (var scorer in scorers)
            foreach (var unit in LeafSpanUnits.All)
                foreach (var (label, settings) in Rules)
                {
                    var quality = samples.Select(sample => QualityOf(sample, scorer, settings, unit, protectNumbersAbove)).ToArray();
                    rows.Add(new BoardRow(scorer, unit, label, DetectionQuality.Score(quality, q => [.. q.Flagged])));
                }
        return rows;
    }

    /// <summary>The intervention scorer read as "moves" (<see cref="LeafInterventionEffects.Moves"/>), a row of its own.</summary>
    public const string InterventionMoves = "intervention_moves";
    /// <summary>The intervention scorer over <see cref="LeafSpanUnits.Numbers"/> candidates (numbers moved by one), read as "helps".</summary>
    public const string InterventionNumbers = "intervention_numbers";
    /// <summary>The same edits read as "moves".</summary>
    public const string InterventionNumbersMoves = "intervention_numbers_moves";

    /// <summary>
    /// The same edits and reading with the bounded teacher (<see cref="TeacherBound"/>, k = 1): the top1 rule flags exactly what
    /// <see cref="InterventionNumbersMoves"/> flags, at fewer teacher forwards; other rules see only the clauses the teacher read.
    /// </summary>
    public const string InterventionNumbersMovesBounded = "intervention_numbers_moves_bounded";

    /// <summary>The same edits and reading with the teacher on each clause's first edit only (<c>interventionTeacherEdits = first</c>).</summary>
    public const string InterventionNumbersMovesTeacherFirst = "intervention_numbers_moves_teacher_first";

    /// <summary>Every row name of the board, in table order.</summary>
    public static IReadOnlyList<string> Scorers { get; } =
        [.. LeafScorers.All, InterventionMoves, InterventionNumbers, InterventionNumbersMoves, InterventionNumbersMovesBounded, InterventionNumbersMovesTeacherFirst];

    /// <summary>One sample's flags from one scorer at one unit and rule (none when the scorer failed or the sample is flat).</summary>
    public static QualitySample QualityOf(BoardSample sample, string scorer, DetectionSettings settings, string unit, double? protectNumbersAbove)
    {
        var n = sample.Offsets.Count;
        if (sample.Raw.GetValueOrDefault(scorer) is not { } raw)
            return new QualitySample(sample.Offsets, sample.Protected, new double[n], new bool[n], sample.Gold);
        var (found, _) = FlagDecision.Decide(sample.Prompt, sample.Offsets, sample.Protected, raw, settings, unit, protectNumbersAbove);
        // Gold tokens are counted over the base protection, the same for every row, so recall stays comparable.
        return new QualitySample(sample.Offsets, sample.Protected, found.StudentNormalized, found.Flagged, sample.Gold);
    }
}

/// <summary>One sample of the leaderboard: its prompt, tokens, base protection, gold spans and each scorer's raw scores.</summary>
public sealed record BoardSample(string Prompt, IReadOnlyList<CharSpan> Offsets, IReadOnlyList<bool> Protected, IReadOnlyList<CharSpan> Gold,
                                 IReadOnlyDictionary<string, RawScores?> Raw);

/// <summary>One leaderboard row: a scorer at a decision unit and threshold rule.</summary>
public sealed record BoardRow(string Scorer, string Unit, string Rule, QualityScores Scores);
