namespace Workbench.Web.Analysis;

/// <summary>Whether a metric's values can be compared across runs, and if not, why (shown beside the uncoloured delta).</summary>
public sealed record MetricComparability(bool Comparable, string? Reason)
{
    public static MetricComparability Yes { get; } = new(true, null);

    /// <summary>
    /// Training losses (<c>train/*</c>) compare only between runs with the same objective mix: a weighted sum of
    /// different terms is a different quantity. Evaluation metrics (<c>eval/*</c>, cross-entropy and accuracy on the
    /// same data) and everything else compare.
    /// </summary>
    public static MetricComparability Of(string metric, IEnumerable<IReadOnlyDictionary<string, object?>> configs)
    {
        if (!MetricKinds.IsTrainingObjective(metric)) return Yes;
        var mixes = configs.Select(ObjectiveMix.Describe).Distinct(StringComparer.Ordinal).ToList();
        var signatures = configs.Select(ObjectiveMix.Signature).Distinct(StringComparer.Ordinal).Count();
        return signatures <= 1 ? Yes : new MetricComparability(false,
            mixes.Count > 1 ? $"objective mixes differ ({string.Join(" vs ", mixes)})" : "objective parameters differ");
    }
}
