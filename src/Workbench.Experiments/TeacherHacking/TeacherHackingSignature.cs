namespace Workbench.Experiments.TeacherHacking;

/// <summary>
/// Finds the signature of teacher hacking (Tiapkin et al. 2025) in a run's evaluations: over a window of <c>w</c> evaluations
/// the proxy KL(teacher ‖ student) still improves while the golden KL(oracle ‖ student) worsens. Evaluation i (i ≥ w) is flagged
/// when proxy_i &lt; proxy_{i−w} − tolerance and golden_i &gt; golden_{i−w} + tolerance; flagged evaluations in a row merge into
/// one span, from evaluation i−w of the first to the last.
/// </summary>
public static class TeacherHackingSignature
{
    public const int DefaultWindow = 3;

    /// <summary>The spans of <paramref name="points"/> (in any order; one per step) where the signature holds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is below 1 or the tolerance negative or not finite.</exception>
    public static IReadOnlyList<TeacherHackingSpan> Detect(IEnumerable<TeacherHackingPoint> points, int window = DefaultWindow, double tolerance = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (!double.IsFinite(tolerance) || tolerance < 0) throw new ArgumentOutOfRangeException(nameof(tolerance), "The tolerance must be zero or positive.");
        var ordered = points.Where(p => double.IsFinite(p.Proxy) && double.IsFinite(p.Golden)).OrderBy(p => p.Step).ToArray();
        var spans = new List<TeacherHackingSpan>();
        int? first = null;
        for (var i = window; i <= ordered.Length; i++)
        {
            var flagged = i < ordered.Length && IsHacking(ordered[i - window], ordered[i], tolerance);
            if (flagged) first ??= i;
            else if (first is { } start)
            {
                var (from, to) = (ordered[start - window], ordered[i - 1]);
                spans.Add(new TeacherHackingSpan(from.Step, to.Step, to.Proxy - from.Proxy, to.Golden - from.Golden));
                first = null;
            }
        }
        return spans;
    }

    /// <summary>Pairs the proxy and golden series by step (steps with only one of them are left out).</summary>
    public static IReadOnlyList<TeacherHackingPoint> Pair(IEnumerable<(long Step, double Value)> proxy, IEnumerable<(long Step, double Value)> golden)
    {
        var byStep = golden.GroupBy(g => g.Step).ToDictionary(g => g.Key, g => g.Last().Value);
        return [.. proxy.GroupBy(p => p.Step).Where(p => byStep.ContainsKey(p.Key))
                        .Select(p => new TeacherHackingPoint(p.Key, p.Last().Value, byStep[p.Key])).OrderBy(p => p.Step)];
    }

    private static bool IsHacking(TeacherHackingPoint before, TeacherHackingPoint now, double tolerance) =>
        now.Proxy < before.Proxy - tolerance && now.Golden > before.Golden + tolerance;
}
