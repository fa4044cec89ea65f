namespace Workbench.Training.Models.Llama;

/// <summary>
/// A config.json <c>rope_scaling</c>: how rotary frequencies are rescaled so a model covers a longer context.
/// "linear" divides every frequency by <paramref name="Factor"/> (position interpolation, Chen et al. 2023);
/// "llama3" divides only the low frequencies and blends the band between (Meta's Llama 3.1 recipe).
/// </summary>
/// <param name="RopeType">"linear" or "llama3".</param>
/// <param name="Factor">How much longer the new context is.</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original/low_freq_factor are scaled fully.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original/high_freq_factor are kept.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3: the context the model was pre-trained with.</param>
public sealed record RopeScaling(string RopeType, double Factor, double LowFreqFactor = 1, double HighFreqFactor = 4, int OriginalMaxPositionEmbeddings = 8192)
{
    public const string Linear = "linear";
    public const string Llama3 = "llama3";

    /// <summary>The <c>rope_type</c> values this decoder implements ("default" means no scaling, i.e. a null <see cref="RopeScaling"/>).</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = [Linear, Llama3];

    /// <summary>Throws <see cref="NotSupportedException"/> naming an unknown type, <see cref="ArgumentException"/> for bad factors.</summary>
    public void Validate()
    {
        if (!SupportedTypes.Contains(RopeType))
            throw new NotSupportedException($"rope_scaling type '{RopeType}' is not supported; supported: {string.Join(", ", SupportedTypes)} (or none).");
        if (!(Factor > 0)) throw new ArgumentException($"rope_scaling factor must be positive (got {Factor}).");
        if (RopeType == Llama3 && !(LowFreqFactor > 0 && HighFreqFactor > LowFreqFactor && OriginalMaxPositionEmbeddings > 0))
            throw new ArgumentException($"llama3 rope_scaling needs 0 < low_freq_factor < high_freq_factor and original_max_position_embeddings > 0 (got {LowFreqFactor}, {HighFreqFactor}, {OriginalMaxPositionEmbeddings}).");
    }
}
