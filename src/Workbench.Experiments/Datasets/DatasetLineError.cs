namespace Workbench.Experiments.Datasets;

/// <summary>Why one line was rejected. <see cref="Line"/> is 1-based; 0 means the whole file (size, sample count).</summary>
/// <param name="Field">The JSON field at fault ("prompt", "confounder_spans[2]"), or "line" / "file".</param>
public sealed record DatasetLineError(int Line, string Field, string Reason)
{
    public override string ToString() => Line == 0 ? $"{Field}: {Reason}" : $"line {Line}, {Field}: {Reason}";
}
