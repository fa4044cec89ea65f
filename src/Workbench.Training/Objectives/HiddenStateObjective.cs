using TorchSharp;
using TorchSharp.Modules;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// Base of the hidden-state terms of objectives.md §5.1: for each mapped pair (m, n), student hidden states
/// (B, T, d_S) are projected to the teacher's width, <c>ĥ_S = W_m·h_S</c> (one <see cref="FeatureProjection"/> per pair
/// when d_S ≠ d_T, none otherwise), compared with <c>h_T</c> (B, T, d_T) at the supervised positions
/// m = (labels ≠ −100) of objectives.md §0, and the per-pair values are averaged ([wb] weight 1 per pair, then mean).
/// Hidden-state index 0 is the embedding output, index M the final normed state.
/// </summary>
public abstract class HiddenStateObjective : FeatureObjective
{
    private readonly FeatureProjection?[] _projections;

    protected HiddenStateObjective(ModelShape student, ModelShape teacher, IReadOnlyList<LayerPair> pairs)
    {
        if (pairs.Count == 0) throw new ArgumentException("A hidden-state term needs at least one layer pair.", nameof(pairs));
        if (pairs.Any(p => p.Student < 0 || p.Student > student.Layers || p.Teacher < 0 || p.Teacher > teacher.Layers))
            throw new ArgumentException($"Layer pairs must be hidden states 0..{student.Layers} (student) and 0..{teacher.Layers} (teacher).", nameof(pairs));
        Pairs = pairs;
        _projections = [.. pairs.Select(_ => student.Width == teacher.Width ? null : new FeatureProjection(student.Width, teacher.Width))];
    }

    public override FeatureRequest Features { get; } = new(HiddenStates: true);
    public IReadOnlyList<LayerPair> Pairs { get; }

    /// <summary>True when the widths differ and the term learns a projection per pair.</summary>
    public bool Projects => _projections.Any(p => p is not null);

    public override IEnumerable<Parameter> parameters() => _projections.OfType<FeatureProjection>().SelectMany(p => p.parameters());

    public override void to(Device device)
    {
        foreach (var p in _projections) p?.to(device);
    }

    /// <summary>Converts the projections' weights (fp64 for the gradient checks).</summary>
    internal void to(ScalarType dtype)
    {
        foreach (var p in _projections) p?.to(dtype);
    }

    public override void Dispose()
    {
        foreach (var p in _projections) p?.Dispose();
        base.Dispose();
    }

    public override Tensor Compute(FeatureCapture student, FeatureCapture teacher, Tensor labels, Tensor realTokens)
    {
        using var mask = TargetRows.Mask(labels);                                           // (B, T)
        using var count = mask.sum();
        var n = Math.Max(1L, count.item<long>());
        Tensor? total = null;
        for (var i = 0; i < Pairs.Count; i++)
        {
            using var scope = NewDisposeScope();
            var hs = Float(student.HiddenStates[Pairs[i].Student].index([mask]));           // (N, d_S)
            var ht = Float(teacher.HiddenStates[Pairs[i].Teacher].index([mask]));           // (N, d_T)
            var projected = _projections[i] is { } w ? w.call(hs) : hs;                     // (N, d_T)
            var value = Sum(projected, ht) / n;
            total = (total is null ? value : total + value).MoveToOuterDisposeScope();
        }
        using var sum = total!;
        return sum / Pairs.Count;
    }

    /// <summary>The term summed over the rows of projected student and teacher states (N, d_T), divided by nothing.</summary>
    protected abstract Tensor Sum(Tensor projectedStudent, Tensor teacher);
}
