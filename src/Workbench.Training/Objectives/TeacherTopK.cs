using static TorchSharp.torch;

namespace Workbench.Training.Objectives;

/// <summary>
/// The teacher's side of <see cref="TopKKlObjective"/> at every position of a batch, as a top-k cache stores it
/// (objectives.md §2, Capture): the k most likely token ids of <c>z_T/T</c>, their full-vocabulary log-probabilities
/// <c>z_T,i/T − logsumexp_v z_T,v/T</c> (not renormalised over K), and the log of the mass left outside K, clamped to
/// ≥ log 1e-8 as the live objective clamps it. Rows are aligned with the labels: row t describes the token t + 1.
/// Positions without a target hold arbitrary values; the objective never reads them.
/// </summary>
/// <param name="Ids">(B, T, k) int64 token ids, most likely first.</param>
/// <param name="LogProbs">(B, T, k) fp32 log-probabilities at <paramref name="Temperature"/>.</param>
/// <param name="LeftoverLogMass">(B, T) fp32 log(1 − Σ_K p), clamped.</param>
/// <param name="Temperature">The temperature the log-probabilities were taken at.</param>
public sealed record TeacherTopK(Tensor Ids, Tensor LogProbs, Tensor LeftoverLogMass, double Temperature) : IDisposable
{
    /// <summary>Tokens kept per position.</summary>
    public long K => Ids.shape[2];

    public void Dispose()
    {
        Ids.Dispose();
        LogProbs.Dispose();
        LeftoverLogMass.Dispose();
    }
}
