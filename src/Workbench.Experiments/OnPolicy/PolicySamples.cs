namespace Workbench.Experiments.OnPolicy;

/// <summary>
/// What an on-policy (GKD) run shows of its data at one step: a few of the student's own samples, every completion token with
/// the teacher's log-probability of it (the signal GKD trains on: low where the teacher would not have written that token), and
/// the share of micro-batches so far whose completions the student sampled. Workers send it every second or so; the host keeps
/// the latest per run.
/// </summary>
/// <param name="Step">The optimizer step whose on-policy micro-batch the samples come from.</param>
/// <param name="OnPolicyBatches">Micro-batches so far whose completions the student sampled.</param>
/// <param name="Batches">Micro-batches so far.</param>
public sealed record PolicySamples(long Step, long OnPolicyBatches, long Batches, PolicySample[] Samples)
{
    public const int MaxSamples = 4;
    public const int MaxTokens = 256;
    public const int MaxTextLength = 2_000;

    /// <summary>Share of the micro-batches so far that were on-policy, in [0, 1].</summary>
    public double OnPolicyShare => Batches <= 0 ? 0 : Math.Clamp((double)OnPolicyBatches / Batches, 0, 1);

    /// <summary>This report cut to what the host stores and draws, whatever a worker sent: at most <see cref="MaxSamples"/> samples of
    /// <see cref="MaxTokens"/> tokens, texts of <see cref="MaxTextLength"/> characters, finite log-probabilities at most 0.</summary>
    public PolicySamples Bounded() => this with
    {
        Step = Math.Max(0, Step),
        OnPolicyBatches = Math.Max(0, OnPolicyBatches),
        Batches = Math.Max(0, Batches),
        Samples = [.. (Samples ?? []).Where(s => s is not null).Take(MaxSamples).Select(s => new PolicySample(
            Cut(s.Prompt), [.. (s.Tokens ?? []).Where(t => t is not null).Take(MaxTokens).Select(t => new PolicyToken(Cut(t.Text, 64),
                t.TeacherLogProb is { } lp && double.IsFinite(lp) ? Math.Min(lp, 0) : null))]))],
    };

    private static string Cut(string? text, int max = MaxTextLength) => text is null ? "" : text.Length <= max ? text : text[..max];
}
