namespace Workbench.ModelFolders.Decoders;

/// <summary>
/// A config.json <c>rope_scaling</c>: how rotary frequencies are rescaled so a model covers a longer context.
/// "linear" divides every frequency by <paramref name="Factor"/> (position interpolation, Chen et al. 2023);
/// "llama3" divides only the low frequencies and blends the band between (Meta's Llama 3.1 recipe);
/// "longrope" (Phi-3, Ding et al. 2024; "su" in older configs) divides frequency i by a searched factor per channel pair,
/// <paramref name="ShortFactor"/> up to the original context and <paramref name="LongFactor"/> beyond it, and scales cos
/// and sin by √(1 + ln(factor) / ln(original)).
/// </summary>
/// <param name="RopeType">"linear", "llama3" or "longrope".</param>
/// <param name="Factor">How much longer the new context is (longrope: max_position_embeddings / original when both are known).</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original/low_freq_factor are scaled fully.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original/high_freq_factor are kept.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3, longrope: the context the model was pre-trained with.</param>
/// <param name="ShortFactor">longrope: hs/2 divisors for sequences up to the original context.</param>
/// <param name="LongFactor">longrope: hs/2 divisors for longer sequences.</param>
/// <param name="AttentionFactor">longrope: the cos/sin scale when the config gives one; else computed from the factor.</param>
public sealed record RopeScaling(
    string RopeType,
    double Factor,
    double LowFreqFactor = 1,
    double HighFreqFactor = 4,
    int OriginalMaxPositionEmbeddings = 8192,
    ValueList<double>? ShortFactor = null,
    ValueList<double>? LongFactor = null,
    double? AttentionFactor = null)
{
    public const string Linear = "linear";
    public const string Llama3 = "llama3";
    public const string LongRope = "longrope";

    /// <summary>The <c>rope_type</c> values this decoder implements ("default" means no scaling, i.e. a null <see cref="RopeScaling"/>).</summary>
    public static IReadOnlyList<string> SupportedTypes { get; } = [Linear, Llama3, LongRope];

    /// <summary>longrope: the factor cos and sin are multiplied by (1 when the context is not extended).</summary>
    public double LongRopeAttentionFactor =>
        AttentionFactor ?? (Factor <= 1 ? 1 : Math.Sqrt(1 + Math.Log(Factor) / Math.Log(OriginalMaxPositionEmbeddings)));

    /// <summary>Throws <see cref="NotSupportedException"/> naming an unknown type, <see cref="ArgumentException"/> for bad factors.</summary>
    public void Validate()
    {
        if (!SupportedTypes.Contains(RopeType))
            throw new NotSupportedException($"rope_scaling type '{RopeType}' is not supported; supported: {string.Join(", ", SupportedTypes)} (or none).");
        if (!(Factor > 0)) throw new ArgumentException($"rope_scaling factor must be positive (got {Factor}).");
        if (RopeType == Llama3 && !(LowFreqFactor > 0 && HighFreqFactor > LowFreqFactor && OriginalMaxPositionEmbeddings > 0))
            throw new ArgumentException($"llama3 rope_scaling needs 0 < low_freq_factor < high_freq_factor and original_max_position_embeddings > 0 (got {LowFreqFactor}, {HighFreqFactor}, {OriginalMaxPositionEmbeddings}).");
        if (RopeType == LongRope && (ShortFactor is null || LongFactor is null || OriginalMaxPositionEmbeddings < 2))
            throw new ArgumentException("longrope rope_scaling needs short_factor, long_factor and original_max_position_embeddings.");
    }

    /// <summary>Throws unless the longrope factor lists have one entry per channel pair of a <paramref name="rotaryDim"/>-wide rotation.</summary>
    internal void ValidateFor(int rotaryDim)
    {
        Validate();
        if (RopeType == LongRope && (ShortFactor!.Count != rotaryDim / 2 || LongFactor!.Count != rotaryDim / 2))
            throw new ArgumentException($"longrope short_factor and long_factor need {rotaryDim / 2} entries (head size / 2); got {ShortFactor.Count} and {LongFactor!.Count}.");
    }
}
