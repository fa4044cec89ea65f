namespace Workbench.Training.Models.Generation;

/// <summary>
/// How the next token is chosen from the logits: greedy (argmax) when <see cref="Temperature"/> is 0, otherwise a draw
/// from softmax(logits/τ) restricted to the <see cref="TopK"/> most likely tokens (0: all) and to the smallest set whose
/// probability reaches <see cref="TopP"/> (nucleus sampling, Holtzman et al. 2020; 1: all). <see cref="Seed"/> makes draws repeatable.
/// </summary>
public sealed record SamplingSettings(double Temperature = 0, int TopK = 0, double TopP = 1, long Seed = 0)
{
    public static SamplingSettings Greedy { get; } = new();

    public bool IsGreedy => Temperature == 0;

    public void Validate()
    {
        if (!double.IsFinite(Temperature) || Temperature < 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be 0 (greedy) or positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(TopK);
        if (!double.IsFinite(TopP) || TopP <= 0 || TopP > 1) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top-p must be in (0, 1].");
    }
}
