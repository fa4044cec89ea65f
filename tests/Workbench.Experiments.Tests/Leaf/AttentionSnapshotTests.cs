using Workbench.Experiments.Leaf;

namespace Workbench.Experiments.Tests.Leaf;

public sealed class AttentionSnapshotTests
{
    // 2 layers × 2 heads × 2 × 2: each layer/head block holds distinct values so a wrong offset shows.
    private static readonly float[] s_values =
    [
        1f, 0f, 0.5f, 0.5f,      // layer 0, head 0
        1f, 0f, 0.25f, 0.75f,    // layer 0, head 1
        1f, 0f, 0.125f, 0.875f,  // layer 1, head 0
        1f, 0f, 1f, 0f,          // layer 1, head 1
    ];

    private static AttentionSnapshot Snapshot() =>
        new(5, 0, AttentionSnapshot.Student, 2, 2, ["a", "b"], [0, 2], [1, 3], [], AttentionSnapshot.Encode(s_values));

    [Fact]
    public void Encode_UsesTwoBytesPerValue() => Assert.Equal(s_values.Length * 2, Snapshot().Half.Length);

    [Fact]
    public void Matrix_DecodesTheRequestedLayerAndHead()
    {
        var m = Snapshot().Matrix(1, 0);
        Assert.Equal([1f, 0f], m[0]);
        Assert.Equal([0.125f, 0.875f], m[1]);
    }

    [Fact]
    public void Mean_AveragesHeadsOfOneLayer_OrEverything()
    {
        Assert.Equal([0.375f, 0.625f], Snapshot().Mean(0)[1]);
        Assert.Equal(0.46875f, Snapshot().Mean(null)[1][0], 5);
    }
}
