using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.Generated;

/// <summary>
/// GKD's data (Agarwal et al. 2024, "On-Policy Distillation of Language Models"): with probability λ a micro-batch's completions
/// are sampled from the current student for the batch's prompts, otherwise they are the dataset's. The teacher then scores
/// the same tokens in the ordinary step, so every logit objective trains on them. Both the coin and the draw's seed are
/// functions of (run seed, step, micro-batch), so a resumed run makes exactly the choices and samples of an unbroken one:
/// the sampler's whole state is the step, which the checkpoint holds.
/// </summary>
public sealed class OnPolicyBatches(DataConfig data, int seed, IRunTokenizer tokenizer, Device device)
{
    private long _drawn;
    private long _onPolicy;

    /// <summary>Share of the micro-batches so far that were sampled from the student.</summary>
    public double Share => _drawn == 0 ? 0 : (double)_onPolicy / _drawn;

    /// <summary>Micro-batches so far.</summary>
    public long Drawn => _drawn;

    /// <summary>Micro-batches so far whose completions the student sampled.</summary>
    public long OnPolicyCount => _onPolicy;

    /// <summary>The problems with the student's completions of the last <see cref="Collate"/>, or null when it was the dataset's.</summary>
    public IReadOnlyList<ArithmeticProblem>? LastSampled { get; private set; }

    /// <summary>Whether micro-batch <paramref name="micro"/> of <paramref name="step"/> is sampled from the student.</summary>
    public bool IsOnPolicy(int step, int micro) => Uniform(seed, step, micro, salt: 1) < data.Lambda;

    /// <summary>
    /// The micro-batch of <paramref name="indices"/> into <paramref name="train"/>: the dataset's completions, or the student's
    /// when <see cref="IsOnPolicy"/> says so.
    /// </summary>
    public Batch Collate(ICausalLanguageModel student, IReadOnlyList<ArithmeticProblem> train, int[] indices, int step, int micro)
    {
        _drawn++;
        LastSampled = null;
        if (!IsOnPolicy(step, micro)) return Batch.Collate(train, indices, tokenizer.PadId, device);
        _onPolicy++;
        var drawSeed = (long)(Uniform(seed, step, micro, salt: 2) * int.MaxValue);
        var sampled = Completions.Generate(student, [.. indices.Select(i => train[i])], data, Completions.Sampling(data, drawSeed), tokenizer, device);
        LastSampled = sampled;
        return Batch.Collate(sampled, tokenizer.PadId, device);
    }

    /// <summary>Counts the micro-batches of steps 1..<paramref name="step"/> as drawn, for a run resumed after that step.</summary>
    public void Resume(int step, int microBatches)
    {
        for (var s = 1; s <= step; s++)
            for (var m = 0; m < microBatches; m++)
            {
                _drawn++;
                if (IsOnPolicy(s, m)) _onPolicy++;
            }
    }

    // A uniform number in [0, 1) from (seed, step, micro, salt): SplitMix64 of the packed values, independent of any other random state.
    private static double Uniform(int seed, int step, int micro, int salt)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ (ulong)micro * 0x94D049BB133111EBUL ^ (ulong)salt);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
