using Workbench.Training.Models.Generation;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Generation;

public sealed class TokenSamplerTests : TorchTest
{
    // softmax of these logits is (0.5, 0.3, 0.15, 0.05)
    private static Tensor Logits() => tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0);

    [Fact]
    public void Distribution_TopP_KeepsTheSmallestSetReachingP_Renormalised()
    {
        using var logits = Logits();
        using var p = TokenSampler.Distribution(logits, new SamplingSettings(Temperature: 1, TopP: 0.7));
        // 0.5 < 0.7, so the second token is needed; 0.5 + 0.3 = 0.8 reaches 0.7, so the third is not
        Assert.Equal([0.625f, 0.375f, 0f, 0f], p[0].data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Distribution_TopPBelowTheFirstToken_KeepsOnlyIt()
    {
        using var logits = Logits();
        using var p = TokenSampler.Distribution(logits, new SamplingSettings(Temperature: 1, TopP: 0.1));
        Assert.Equal([1f, 0f, 0f, 0f], p[0].data<float>().ToArray());
    }

    [Fact]
    public void Distribution_TopK_KeepsKMostLikely()
    {
        using var logits = Logits();
        using var p = TokenSampler.Distribution(logits, new SamplingSettings(Temperature: 1, TopK: 3));
        Assert.Equal([0.5f / 0.95f, 0.3f / 0.95f, 0.15f / 0.95f, 0f], p[0].data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Next_DrawsFollowTheTruncatedDistribution()
    {
        using var logits = Logits().expand(4000, 4).contiguous();
        using var generator = new Generator(5);
        using var drawn = TokenSampler.Next(logits, new SamplingSettings(Temperature: 1, TopP: 0.7, Seed: 5), generator);
        var counts = drawn.bincount(null, 4).data<long>().ToArray();
        Assert.Equal(0, counts[2] + counts[3]);
        Assert.InRange(counts[0] / 4000.0, 0.60, 0.65);
    }

    [Theory]
    [InlineData(-1, 0, 1)]
    [InlineData(1, -1, 1)]
    [InlineData(1, 0, 0)]
    [InlineData(1, 0, 1.5)]
    public void Validate_OutOfRange_Throws(double temperature, int topK, double topP) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingSettings(temperature, topK, topP).Validate());
}
