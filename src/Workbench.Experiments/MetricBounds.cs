namespace Workbench.Experiments;

/// <summary>
/// What a metric point from a worker may look like before it is stored: a name of at most <see cref="MaxNameLength"/>
/// printable characters, and a step from 0 to the run's steps plus slack (evaluation after the last step, LeaF's stages).
/// </summary>
public static class MetricBounds
{
    public const int MaxNameLength = 200;

    /// <summary>Steps past the config's that still count: as many again, and at least 1,000.</summary>
    public static long MaxStep(int configSteps) => 2L * Math.Max(configSteps, 0) + 1_000;

    /// <summary>Null when the point may be stored; else why not.</summary>
    public static string? Problem(MetricPoint point, long maxStep)
    {
        if (string.IsNullOrEmpty(point.Name) || point.Name.Length > MaxNameLength) return $"name length {point.Name?.Length ?? 0} (1 to {MaxNameLength})";
        if (point.Name.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u200e' or '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')))
            return "a name with control or direction characters";
        if (point.Step < 0 || point.Step > maxStep) return $"step {point.Step} outside 0..{maxStep}";
        return null;
    }
}
