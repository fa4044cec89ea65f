namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// One plain sentence for a configuration against the baseline on one metric, from the paired difference:
/// "beats" / "is worse than" when the 95 % interval excludes 0 (by the metric's direction), "is not distinguishable
/// from" when it holds 0, and "1 seed, no interval" when only one seed pairs up.
/// </summary>
public static class VerdictSentence
{
    public static string For(string label, string baselineLabel, string metric, PairedDifference? delta, MetricComparability comparability)
    {
        var name = MetricKinds.SpokenName(metric);
        var isRate = MetricKinds.IsRate(metric);
        if (!comparability.Comparable) return $"{label} and {baselineLabel} are not compared on {name}: {comparability.Reason}.";
        if (delta?.Interval is not { } d)
            return $"{label} and {baselineLabel} share no seed with a value of {name}, so there is no paired difference.";
        var unpaired = delta.Unpaired switch { 0 => "", 1 => ", 1 unpaired run left out", var u => $", {u} unpaired runs left out" };
        if (d.N == 1)
            return $"{label} vs {baselineLabel} on {name}: {VerdictFormat.Delta(d.Mean, isRate)} (1 seed, no interval{unpaired}).";

        var direction = MetricDirections.Of(metric);
        var details = $"95 % CI {VerdictFormat.Range(d.Low!.Value, d.High!.Value, isRate)}, {d.N} seeds{unpaired}" +
            (direction == MetricDirection.LowerIsBetter ? "; lower is better" : "");
        if (!d.ExcludesZero) return $"{label} is not distinguishable from {baselineLabel} on {name} ({details}).";
        var by = VerdictFormat.Delta(d.Mean, isRate);
        return Judge(direction, d.Mean) switch
        {
            DeltaVerdict.Better => $"{label} beats {baselineLabel} on {name} by {by} ({details}).",
            DeltaVerdict.Worse => $"{label} is worse than {baselineLabel} on {name} by {by} ({details}).",
            _ => $"{label} differs from {baselineLabel} on {name} by {by} ({details}).",
        };
    }

    /// <summary>Better or worse by the metric's direction (Neutral without one), for a difference already known to be non-zero.</summary>
    public static DeltaVerdict Judge(MetricDirection direction, double delta) => direction switch
    {
        MetricDirection.HigherIsBetter => delta > 0 ? DeltaVerdict.Better : DeltaVerdict.Worse,
        MetricDirection.LowerIsBetter => delta < 0 ? DeltaVerdict.Better : DeltaVerdict.Worse,
        _ => DeltaVerdict.Neutral,
    };
}
