using static TorchSharp.torch;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// Rotary position embeddings (Su et al. 2021, RoFormer) in Hugging Face's "rotate_half" layout: channel i of the
/// first half of a head pairs with channel i of the second half, and the pair at position m turns by angle m·θ_i,
/// θ_i = rope_theta^(−2i/hs), after <see cref="RopeScaling"/>. Turning q and k by their own positions makes q·k
/// depend only on the distance between them. Holds no tensors, so it adds nothing to the state dict.
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly float[] _invFreq;        // θ_i, (hs/2)
    private readonly float[]? _longInvFreq;   // longrope: θ_i beyond the original context
    private readonly int _originalContext;
    private readonly double _attentionFactor; // longrope: cos and sin are scaled by it

    /// <summary>The rotation of the config's (global) layers: rope_theta with its rope_scaling.</summary>
    public RotaryEmbedding(LlamaConfig config) : this(config.HeadSize, config.RopeTheta, config.RopeScaling)
    {
    }

    /// <summary>A rotation of <paramref name="headSize"/> channels with base <paramref name="theta"/>, rescaled by <paramref name="scaling"/> when not null.</summary>
    public RotaryEmbedding(int headSize, double theta, RopeScaling? scaling)
    {
        scaling?.ValidateFor(headSize);
        _invFreq = InverseFrequencies(headSize, theta, scaling, scaling?.ShortFactor);
        _attentionFactor = 1;
        if (scaling?.RopeType == RopeScaling.LongRope)
        {
            _longInvFreq = InverseFrequencies(headSize, theta, scaling, scaling.LongFactor);
            _originalContext = scaling.OriginalMaxPositionEmbeddings;
            _attentionFactor = scaling.LongRopeAttentionFactor;
        }
    }

    /// <summary>θ_i for i = 0 .. hs/2 − 1, in radians per position (longrope: those for sequences within the original context).</summary>
    public IReadOnlyList<float> InverseFrequencies() => _invFreq;

    // positions: (T) int64 -> cos, sin: (T, hs)
    public (Tensor Cos, Tensor Sin) Compute(Tensor positions)
    {
        // longrope switches to the long factors once the sequence outgrows the original context (transformers' longrope_frequency_update).
        var frequencies = _longInvFreq is not null && positions.numel() > 0 && positions.max().item<long>() + 1 > _originalContext ? _longInvFreq : _invFreq;
        using var inv = tensor(frequencies, device: positions.device);       // (hs/2)
        using var pos = positions.to(ScalarType.Float32);                     // (T)
        using var freqs = pos.outer(inv);                                     // (T, hs/2): m·θ_i
        using var emb = cat([freqs, freqs], -1);                              // (T, hs): both halves of a pair share an angle
        if (_attentionFactor == 1) return (emb.cos(), emb.sin());
        using var cos = emb.cos();
        using var sin = emb.sin();
        return (cos.mul(_attentionFactor), sin.mul(_attentionFactor));
    }

    // x: (B, nh, T, hs), cos, sin: (T, hs) -> (B, nh, T, hs) = x·cos + rotate_half(x)·sin
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var halves = x.chunk(2, -1);                                          // 2 x (B, nh, T, hs/2)
        using var x1 = halves[0];
        using var x2 = halves[1];
        using var minusX2 = x2.neg();
        using var rotated = cat([minusX2, x1], -1);                           // rotate_half(x) = (−x2, x1)
        using var a = x.mul(cos);
        using var b = rotated.mul(sin);
        return a.add(b);
    }

    // Computed in fp32 with the same operations as transformers' ROPE_INIT_FUNCTIONS, so the angles match it.
    private static float[] InverseFrequencies(int headSize, double theta, RopeScaling? scaling, IReadOnlyList<double>? longRopeFactors)
    {
        using var scope = NewDisposeScope();
        var exponents = arange(0, headSize, 2, dtype: ScalarType.Int64).to(ScalarType.Float32).div(headSize);   // 2i/hs
        var powers = full_like(exponents, theta).pow(exponents);                                                 // base^(2i/hs)
        if (scaling?.RopeType == RopeScaling.LongRope)
            powers = tensor(longRopeFactors!.Select(f => (float)f).ToArray()).mul(powers);                      // ext_factors · base^(2i/hs)
        var inv = powers.reciprocal();                                                                           // θ_i
        if (scaling?.RopeType == RopeScaling.Linear) inv = inv.div(scaling.Factor);
        else if (scaling?.RopeType == RopeScaling.Llama3) inv = Llama3(inv, scaling);
        return inv.data<float>().ToArray();
    }

    // Llama 3.1: wavelengths longer than original/low_freq_factor are divided by factor, shorter than
    // original/high_freq_factor are kept, and the band between blends the two linearly in original/wavelength.
    private static Tensor Llama3(Tensor inv, RopeScaling s)
    {
        var lowFreqWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
        var highFreqWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
        var wavelen = inv.reciprocal().mul(2 * Math.PI);
        var scaled = where(wavelen.gt(lowFreqWavelen), inv.div(s.Factor), inv);
        var smooth = wavelen.reciprocal().mul(s.OriginalMaxPositionEmbeddings).sub(s.LowFreqFactor).div(s.HighFreqFactor - s.LowFreqFactor);
        var smoothed = smooth.neg().add(1).mul(scaled).div(s.Factor).add(smooth.mul(scaled));
        var medium = wavelen.lt(highFreqWavelen).logical_not().logical_and(wavelen.gt(lowFreqWavelen).logical_not());
        return where(medium, smoothed, scaled);
    }
}
