using Workbench.Experiments;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Objectives;

/// <summary>
/// Universal logit distillation (docs/objectives-cross-tokenizer.md §1; Boizard et al., "Towards Cross-Tokenizer Distillation:
/// the Universal Logit Distillation Loss for LLMs", 2024, arXiv:2402.12030). The k-th target position of the student's answer is
/// paired with the k-th of the teacher's (k below the shorter answer); at each pair, with p = softmax(z_T/T) over V_T and
/// q = softmax(z_S/T) over V_S, both sorted descending and the shorter padded with zeros to max(V_S, V_T):
/// <c>ULD = Σ_i |sort↓(q)_i − sort↓(p)_i|</c>, the closed-form Wasserstein-1 distance between the two distributions when every
/// token is one unit from every other. Mean over pairs; no T² factor; needs no vocabulary mapping. The paper adds cross-entropy on
/// the student's own tokens: here that is a separate <c>cross_entropy</c> term in the same run.
/// </summary>
public sealed class UldObjective(double temperature = 1.0) : ICrossTokenizerObjective
{
    public string Kind => ObjectiveKinds.Uld;
    public bool NeedsTeacher => true;
    public double Temperature { get; } = TargetRows.CheckedTemperature(temperature);

    public Tensor Compute(Tensor studentLogits, Tensor teacherLogits, TokenAlignment alignment)
    {
        using var q = AlignedRows.Probabilities(studentLogits, alignment.PairStudentRows, Temperature);   // (M, V_S)
        using var p = AlignedRows.Probabilities(teacherLogits, alignment.PairTeacherRows, Temperature);   // (M, V_T)
        using var total = SortedL1(q, p);
        return total / Math.Max(1, alignment.Pairs);
    }

    /// <summary><c>Σ_rows Σ_i |sort↓(a)_i − sort↓(b)_i|</c> of two probability matrices (M, V_a), (M, V_b), the shorter padded with 0.</summary>
    internal static Tensor SortedL1(Tensor a, Tensor b)
    {
        var width = Math.Max(a.shape[1], b.shape[1]);
        var (sortedA, indicesA) = a.sort(dim: 1, descending: true);
        var (sortedB, indicesB) = b.sort(dim: 1, descending: true);
        indicesA.Dispose();
        indicesB.Dispose();
        using var paddedA = pad(sortedA, [0, width - a.shape[1]]);
        using var paddedB = pad(sortedB, [0, width - b.shape[1]]);
        sortedA.Dispose();
        sortedB.Dispose();
        using var difference = paddedA - paddedB;
        using var distance = difference.abs();
        return distance.sum();
    }

    Tensor IObjective.Compute(Tensor studentLogits, Tensor? teacherLogits, Tensor labels) =>
        throw new InvalidOperationException($"Objective '{Kind}' compares each model's own tokens: it needs a batch with a token alignment.");
}
