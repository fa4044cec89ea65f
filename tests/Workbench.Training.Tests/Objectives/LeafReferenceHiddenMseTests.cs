using TorchSharp;
using Workbench.Experiments.Leaf;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;
using static Workbench.Training.Tests.Objectives.FeatureTestData;

namespace Workbench.Training.Tests.Objectives;

/// <summary>The LeaF reference's hidden-state MSE equals hidden_cosine at weight 2β/d (<see cref="LeafReferenceHiddenMse"/>).</summary>
public sealed class LeafReferenceHiddenMseTests : TorchTest
{
    [Fact]
    public void HiddenCosineAtTheReferenceWeight_EqualsTheReferenceFormula()
    {
        const int width = 4, layers = 2;
        var shape = Shape(layers: layers, width: width);
        using var s = Random(1, [layers + 1, 2, 5, width]);                 // hidden states 0..L of (B, T, d)
        using var t = Random(2, [layers + 1, 2, 5, width]);
        using var labels = ObjectiveTestData.RandomLabels(3);
        using var real = AllReal(2, 5);

        // hidden_states[:-1] of equal-depth models: the embeddings and layer 1, not the last.
        var objective = new HiddenCosineObjective(shape, shape, [new(0, 0), new(1, 1)]);
        using var student = Hidden(s[0].alias(), s[1].alias(), s[2].alias());
        using var teacher = Hidden(t[0].alias(), t[1].alias(), t[2].alias());
        using var cosine = objective.Compute(student, teacher, labels, real);
        var ours = LeafReferenceHiddenMse.HiddenCosineWeight(width) * cosine.ToDouble();

        // distill_instruct_level.py lines 468–481, written out: stack → (B, T, L, d), normalise over d, flatten, mean, mask.
        using var sh = normalize(stack([s[0], s[1]]).permute(1, 2, 0, 3), p: 2, dim: 3).reshape(2, 5, -1);
        using var th = normalize(stack([t[0], t[1]]).permute(1, 2, 0, 3), p: 2, dim: 3).reshape(2, 5, -1);
        using var perPosition = (th - sh).square().mean([-1]);               // (B, T)
        using var mask = labels.ne(-100).to(ScalarType.Float32);
        var reference = LeafReferenceHiddenMse.Beta * ((perPosition * mask).sum() / mask.sum()).ToDouble();

        Assert.True(reference > 1, $"The reference term is {reference}; a test on a vanishing value would prove nothing.");
        Assert.Equal(reference, ours, reference * 1e-5);
    }

    [Fact]
    public void HiddenCosineWeight_DemoTeacher_Is156()
    {
        Assert.Equal(156.25, LeafReferenceHiddenMse.HiddenCosineWeight(LeafDemo.Teacher.Student.Width), 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeafReferenceHiddenMse.HiddenCosineWeight(0));
    }
}
