using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class BatchSamplerTests
{
    private static readonly int[] s_items = [.. Enumerable.Range(0, 10)];

    [Fact]
    public void Next_SameSeed_SameBatches()
    {
        var a = new BatchSampler<int>(s_items, 3, seed: 4);
        var b = new BatchSampler<int>(s_items, 3, seed: 4);
        for (var i = 0; i < 7; i++) Assert.Equal(a.Next(), b.Next());
    }

    [Fact]
    public void Next_OneEpoch_DrawsEachItemAtMostOnce()
    {
        var sampler = new BatchSampler<int>(s_items, 3, seed: 4);
        var drawn = Enumerable.Range(0, 3).SelectMany(_ => sampler.Next()).ToArray();
        Assert.Equal(9, drawn.Distinct().Count());
        Assert.Equal(1, sampler.Epoch);
        sampler.Next();
        Assert.Equal(2, sampler.Epoch);
    }

    [Fact]
    public void Next_BatchLargerThanSplit_ReturnsWholeSplit()
    {
        var sampler = new BatchSampler<int>(s_items, 50, seed: 1);
        Assert.Equal(s_items, sampler.Next().Order());
    }

    [Fact]
    public void FastForward_AcrossEpochs_ContinuesWithTheSameBatches()
    {
        var straight = new BatchSampler<int>(s_items, 3, seed: 4);
        for (var i = 0; i < 7; i++) straight.Next();
        var resumed = new BatchSampler<int>(s_items, 3, seed: 4);
        resumed.FastForward(7);

        Assert.Equal(straight.Drawn, resumed.Drawn);
        Assert.Equal(straight.Epoch, resumed.Epoch);
        for (var i = 0; i < 5; i++) Assert.Equal(straight.Next(), resumed.Next());
    }

    [Fact]
    public void NextIndices_SameSeed_PointAtWhatNextReturns()
    {
        string[] items = [.. s_items.Select(i => $"item {i}")];
        var byItem = new BatchSampler<string>(items, 3, seed: 4);
        var byIndex = new BatchSampler<string>(items, 3, seed: 4);
        for (var i = 0; i < 7; i++) Assert.Equal(byItem.Next(), byIndex.NextIndices().Select(j => items[j]));
        Assert.Equal(byItem.Drawn, byIndex.Drawn);
        Assert.Equal(byItem.Epoch, byIndex.Epoch);
    }
}
