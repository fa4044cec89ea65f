using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// A logit term that can be computed from a teacher-logit store instead of the live teacher's logits
/// (<see cref="Workbench.Experiments.ObjectiveDescriptor.FromStore"/> says what it computes; a test checks that exactly the
/// kinds whose descriptor has one implement this).
/// </summary>
public interface IStoreObjective : IObjective
{
    /// <summary>The temperature the store must be taken at (τ_T for Plackett–Luce).</summary>
    double StoreTemperature { get; }

    /// <summary>Ids the store must keep per position for this term at vocabulary <paramref name="vocabSize"/> (top_k_kl: its k; else 1).</summary>
    int StoreIdsNeeded(long vocabSize);

    /// <summary>
    /// The unweighted term from student logits (B, T, V), the store's rows for the batch <paramref name="teacher"/> (B, T, k)
    /// taken at <see cref="StoreTemperature"/>, and labels (B, T).
    /// </summary>
    Tensor ComputeFromStore(Tensor studentLogits, TeacherTopK teacher, Tensor labels);
}
