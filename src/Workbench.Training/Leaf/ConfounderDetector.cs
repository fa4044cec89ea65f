namespace Workbench.Training.Leaf;

/// <summary>
/// LeaF stage 1 after the gradients (spec §2.2 step 4 – §2.6): normalize both models' saliency over the scored region,
/// compare them, threshold, and group flagged tokens into spans. Pure and allocation-light, so the UI can re-derive
/// flags for a new ρ/τ from cached raw norms on every slider move.
/// </summary>
public static class ConfounderDetector
{
    /// <summary>Detects the confounding tokens of one sample's scored region.</summary>
    /// <param name="teacherRaw">gᵀ: the teacher's ‖∂ℓ/∂E_i‖₂ per scored token (n values).</param>
    /// <param name="studentRaw">gˢ: the student's, on the same n tokens (map them first if the tokenizations differ).</param>
    /// <param name="isProtected">Tokens that may never be flagged (<see cref="ProtectedTokens"/>).</param>
    /// <param name="s">Threshold mode, ρ/τ, cap and span limit.</param>
    /// <param name="units">Unit of each token (<see cref="SpanUnits.Of"/>) when flags are decided per word or clause: Δ is
    /// averaged over each unit's unprotected tokens and normalized again, so a unit is flagged whole or not at all. Null = per token.</param>
    /// <param name="compareRaw">δ = gᵀ − gˢ on the raw values instead of the normalized ones, for scores already on one
    /// scale (the intervention scorer's NLL changes in nats); ĝᵀ and ĝˢ are still normalized for display.</param>
    public static TokenDetection Detect(IReadOnlyList<double> teacherRaw, IReadOnlyList<double> studentRaw,
                                        IReadOnlyList<bool> isProtected, DetectionSettings s, int[]? units = null, bool compareRaw = false)
    {
        s.Validate();
        var n = teacherRaw.Count;
        if (studentRaw.Count != n || isProtected.Count != n)
            throw new ArgumentException($"Teacher ({n}), student ({studentRaw.Count}) and protection ({isProtected.Count}) must cover the same tokens.");

        if (n < 2) return NotDetected(DetectionStatus.TooShort, n);
        if (!AllFinite(teacherRaw) || !AllFinite(studentRaw)) return NotDetected(DetectionStatus.NonFinite, n);

        var teacher = MinMax.Normalize(teacherRaw, out var teacherFlat);          // ĝᵀ
        var student = MinMax.Normalize(studentRaw, out var studentFlat);          // ĝˢ
        var difference = new double[n];                                           // δ = ĝᵀ − ĝˢ
        for (var i = 0; i < n; i++) difference[i] = compareRaw ? teacherRaw[i] - studentRaw[i] : teacher[i] - student[i];
        var delta = MinMax.Normalize(difference, out var differenceFlat);         // Δ ∈ [0, 1]
        if (units is not null && !differenceFlat)
        {
            if (units.Length != n) throw new ArgumentException($"The units cover {units.Length} tokens, not {n}.");
            delta = MinMax.Normalize(SpanUnits.Average(delta, units, isProtected), out differenceFlat);
        }
        if (compareRaw) teacherFlat = studentFlat = false;                         // one model may well not react to any deletion

        if (teacherFlat || studentFlat || differenceFlat)
            return new TokenDetection(DetectionStatus.Flat, teacher, student, difference, delta, 0, new bool[n], [], 0);

        var threshold = s.ThresholdMode == DetectionSettings.Top ? BudgetThreshold(delta, isProtected, s.MaxSpansPerSample ?? 1) : EffectiveThreshold(delta, s);
        var flagged = new bool[n];
        for (var i = 0; i < n; i++)
            flagged[i] = !isProtected[i] && (s.ThresholdMode == DetectionSettings.Absolute ? delta[i] < threshold : delta[i] <= threshold);

        var spans = SpansOf(flagged);
        var kept = Limit(spans, delta, s.MaxSpansPerSample);
        return new TokenDetection(DetectionStatus.Ok, teacher, student, difference, delta, threshold, flagged, kept, spans.Count);
    }

    /// <summary>
    /// τ_eff. Quantile mode follows the reference: <c>min(sorted(Δ)[⌊n·ρ⌋], cap)</c> with a 0-based, truncated index
    /// (clamped to n − 1 for ρ = 1). Since min Δ = 0, every non-flat sample then flags at least one unprotected
    /// token unless all tokens at Δ = 0 are protected.
    /// </summary>
    public static double EffectiveThreshold(IReadOnlyList<double> delta, DetectionSettings s)
    {
        if (s.ThresholdMode == DetectionSettings.Absolute) return s.Tau;
        var sorted = delta.ToArray();
        Array.Sort(sorted);
        var index = Math.Min((int)Math.Floor(sorted.Length * s.Rho), sorted.Length - 1);
        return Math.Min(sorted[index], s.Cap);
    }

    /// <summary>
    /// τ_eff of the <see cref="DetectionSettings.Top"/> budget: the <paramref name="units"/>-th smallest distinct Δ among the
    /// unprotected tokens (after unit averaging every token of a unit shares its unit's Δ), so flagging Δ ≤ τ_eff takes the
    /// <paramref name="units"/> lowest units (more only on exact ties); −∞ when every token is protected.
    /// </summary>
    public static double BudgetThreshold(IReadOnlyList<double> delta, IReadOnlyList<bool> isProtected, int units)
    {
        if (units < 1) throw new ArgumentOutOfRangeException(nameof(units), units, "The budget is at least one unit.");
        var distinct = Enumerable.Range(0, delta.Count).Where(i => !isProtected[i]).Select(i => delta[i]).Distinct().Order().ToArray();
        return distinct.Length == 0 ? double.NegativeInfinity : distinct[Math.Min(units, distinct.Length) - 1];
    }

    /// <summary>Maximal runs of consecutive flagged tokens (a protected token between two flags splits them).</summary>
    public static List<TokenSpan> SpansOf(IReadOnlyList<bool> flagged)
    {
        var spans = new List<TokenSpan>();
        for (var i = 0; i < flagged.Count; i++)
        {
            if (!flagged[i]) continue;
            var start = i;
            while (i + 1 < flagged.Count && flagged[i + 1]) i++;
            spans.Add(new TokenSpan(start, i + 1));
        }
        return spans;
    }

    // The spans most unlike the teacher (lowest mean Δ, earlier first on ties) survive, returned in text order.
    private static IReadOnlyList<TokenSpan> Limit(List<TokenSpan> spans, double[] delta, int? max)
    {
        if (max is not { } limit || spans.Count <= limit) return spans;
        return [.. spans.Select((span, index) => (span, index, mean: delta[span.Start..span.End].Average()))
                        .OrderBy(x => x.mean).ThenBy(x => x.index)
                        .Take(limit)
                        .OrderBy(x => x.index)
                        .Select(x => x.span)];
    }

    private static bool AllFinite(IReadOnlyList<double> values)
    {
        for (var i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) return false;
        return true;
    }

    private static TokenDetection NotDetected(DetectionStatus status, int n) =>
        new(status, new double[n], new double[n], new double[n], new double[n], 0, new bool[n], [], 0);
}
