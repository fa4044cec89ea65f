using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Llama;

public sealed class RotaryEmbeddingTests : TorchTest
{
    private static readonly LlamaConfig s_config = TinyLlama.Config();    // head size 8

    [Theory]
    [InlineData(0, 0, 5)]
    [InlineData(3, 1, 7)]
    [InlineData(9, 4, 20)]
    public void Apply_SameShiftToQueryAndKey_DotProductUnchanged(long m, long n, long shift)
    {
        // RoPE's point: q at position m and k at position n interact only through m − n.
        using var scope = NewDisposeScope();
        var rope = new RotaryEmbedding(s_config);
        using var generator = new Generator(4);
        var q = randn([1, 1, 1, 8], generator: generator);
        var k = randn([1, 1, 1, 8], generator: generator);
        double Score(long qPos, long kPos)
        {
            var (cq, sq) = rope.Compute(tensor(new[] { qPos }));
            var (ck, sk) = rope.Compute(tensor(new[] { kPos }));
            return RotaryEmbedding.Apply(q, cq, sq).mul(RotaryEmbedding.Apply(k, ck, sk)).sum().item<float>();
        }
        Assert.Equal(Score(m, n), Score(m + shift, n + shift), 4);
        Assert.NotEqual(Score(m, n), Score(m + shift, n), 3);       // moving only one of them does change it
    }

    [Fact]
    public void Apply_PositionZero_IsIdentity()
    {
        using var scope = NewDisposeScope();
        var (cos, sin) = new RotaryEmbedding(s_config).Compute(tensor(new long[] { 0 }));
        var x = randn(1, 2, 1, 8);
        TensorAssert.Equal(x, RotaryEmbedding.Apply(x, cos, sin));
    }

    [Fact]
    public void Apply_AnyPosition_KeepsEachPairsLength()
    {
        using var scope = NewDisposeScope();
        var (cos, sin) = new RotaryEmbedding(s_config).Compute(arange(10L));
        var x = randn(1, 1, 10, 8);
        var y = RotaryEmbedding.Apply(x, cos, sin);
        // pairs are (i, i + hs/2): a rotation keeps x_i² + x_{i+4}²
        var before = x[.., .., .., ..4].square() + x[.., .., .., 4..].square();
        var after = y[.., .., .., ..4].square() + y[.., .., .., 4..].square();
        Assert.True(before.allclose(after, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void InverseFrequencies_NoScaling_AreThetaToTheMinusTwoIOverD()
    {
        var inv = new RotaryEmbedding(s_config with { RopeTheta = 10_000 }).InverseFrequencies();
        Assert.Equal(4, inv.Count);
        for (var i = 0; i < 4; i++) Assert.Equal(Math.Pow(10_000, -2.0 * i / 8), inv[i], 1e-6);
    }

    [Fact]
    public void InverseFrequencies_Linear_AreDividedByFactor()
    {
        var plain = new RotaryEmbedding(s_config).InverseFrequencies();
        var linear = new RotaryEmbedding(s_config with { RopeScaling = new RopeScaling(RopeScaling.Linear, 4) }).InverseFrequencies();
        for (var i = 0; i < 4; i++) Assert.Equal(plain[i] / 4, linear[i], 1e-9);
    }

    [Fact]
    public void InverseFrequencies_Llama3_KeepHighScaleLowAndBlendTheBandBetween()
    {
        // Llama 3.2's numbers: θ 500000, head 64, factor 32, low 1, high 4, original context 8192.
        var config = s_config with { HiddenSize = 256, NumAttentionHeads = 4, NumKeyValueHeads = 2, RopeTheta = 500_000 };
        var scaling = new RopeScaling(RopeScaling.Llama3, 32, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192);
        var plain = new RotaryEmbedding(config).InverseFrequencies();
        var scaled = new RotaryEmbedding(config with { RopeScaling = scaling }).InverseFrequencies();
        for (var i = 0; i < plain.Count; i++)
        {
            var wavelength = 2 * Math.PI / plain[i];
            if (wavelength < 8192 / 4.0) Assert.Equal(plain[i], scaled[i]);                        // high frequencies kept
            else if (wavelength > 8192 / 1.0) Assert.Equal(plain[i] / 32, scaled[i], 1e-9);        // low frequencies scaled fully
            else
            {
                var smooth = (8192 / wavelength - 1) / (4 - 1);
                Assert.Equal((1 - smooth) * plain[i] / 32 + smooth * plain[i], scaled[i], 1e-6);
            }
        }
        Assert.Contains(plain, f => 2 * Math.PI / f is > 2048 and < 8192);                       // the test does reach the blended band
    }
}
