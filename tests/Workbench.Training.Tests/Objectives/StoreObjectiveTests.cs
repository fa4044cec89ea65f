using Workbench.Experiments;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

/// <summary>
/// Every logit objective from a teacher-logit store (<see cref="IStoreObjective.ComputeFromStore"/>): with every token stored it is the
/// live objective (value and gradient to 1e-5); with a few tokens stored it is the documented formula (StoreFormulas), computed here
/// independently in plain double arithmetic.
/// </summary>
public sealed class StoreObjectiveTests : TorchTest
{
    private const long V = 9;

    public static TheoryData<ObjectiveTerm> LogitTerms() =>
    [
        new() { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 },
        new() { Kind = ObjectiveKinds.ReverseKl, Temperature = 1.5 },
        new() { Kind = ObjectiveKinds.Jsd, Beta = 0.3, Temperature = 2 },
        new() { Kind = ObjectiveKinds.Jsd, Beta = 0 },
        new() { Kind = ObjectiveKinds.SkewKl, SkewAlpha = 0.1 },
        new() { Kind = ObjectiveKinds.SkewReverseKl, SkewAlpha = 0.2, Temperature = 2 },
        new() { Kind = ObjectiveKinds.TotalVariation, Temperature = 2 },
        new() { Kind = ObjectiveKinds.TopKKl, TopK = 4, MissingMass = ObjectiveTerm.MissingMassZero, Temperature = 2 },
        new() { Kind = ObjectiveKinds.TopKKl, TopK = 4, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
        new() { Kind = ObjectiveKinds.PlackettLuce, Temperature = 2 },
        new() { Kind = ObjectiveKinds.PlackettLuce, TopK = 3 },
    ];

    [Theory]
    [MemberData(nameof(LogitTerms))]
    public void ComputeFromStore_EveryTokenStored_EqualsLiveTeacher(ObjectiveTerm term)
    {
        var objective = (IStoreObjective)ObjectiveFactory.Create(term);
        using var student = RandomLogits(1, V: V);
        using var teacher = RandomLogits(2, V: V);
        using var labels = RandomLabels(3, V: V);
        using var rows = StoreRows(teacher, objective.StoreTemperature, (int)V);

        var (live, liveGrad) = LossAndGradient(student, zs => objective.Compute(zs, teacher, labels));
        var (stored, storedGrad) = LossAndGradient(student, zs => objective.ComputeFromStore(zs, rows, labels));
        using var _liveGrad = liveGrad;
        using var _storedGrad = storedGrad;

        Assert.True(live > 1e-3, $"live {live} is too small to compare");
        Assert.Equal(live, stored, 1e-5);
        TensorAssert.Close(liveGrad, storedGrad, 1e-5);
    }

    [Theory]
    [InlineData(ObjectiveKinds.ForwardKl, 2.0)]
    [InlineData(ObjectiveKinds.ReverseKl, 1.0)]
    [InlineData(ObjectiveKinds.Jsd, 2.0)]
    [InlineData(ObjectiveKinds.SkewKl, 1.0)]
    [InlineData(ObjectiveKinds.SkewReverseKl, 1.0)]
    [InlineData(ObjectiveKinds.TotalVariation, 2.0)]
    public void ComputeFromStore_ThreeOfNineStored_IsTheDivergenceOfTheFourBuckets(string kind, double temperature)
    {
        const int k = 3;
        var term = new ObjectiveTerm { Kind = kind, Temperature = temperature, Beta = 0.3, SkewAlpha = 0.2 };
        var objective = (IStoreObjective)ObjectiveFactory.Create(term);
        using var student = RandomLogits(4, V: V);
        using var teacher = RandomLogits(5, V: V);
        using var labels = RandomLabels(6, V: V);
        using var rows = StoreRows(teacher, temperature, k);

        using var value = objective.ComputeFromStore(student, rows, labels);

        var zs = student.data<float>().ToArray();
        var zt = teacher.data<float>().ToArray();
        var y = labels.data<long>().ToArray();
        double total = 0;
        var count = 0;
        for (var row = 0; row < y.Length; row++)
        {
            if (y[row] == -100) continue;
            count++;
            var p = Softmax(zt.AsSpan(row * (int)V, (int)V), temperature);
            var q = Softmax(zs.AsSpan(row * (int)V, (int)V), temperature);
            var top = Enumerable.Range(0, (int)V).OrderByDescending(v => p[v]).Take(k).ToArray();
            double[] pb = [.. top.Select(v => p[v]), 1 - top.Sum(v => p[v])];
            double[] qb = [.. top.Select(v => q[v]), 1 - top.Sum(v => q[v])];
            total += Divergence(kind, pb, qb, term);
        }
        var expected = total / count * temperature * temperature;
        Assert.Equal(expected, value.item<float>(), 1e-5 * Math.Max(1, expected));
    }

    [Fact]
    public void ComputeFromStore_TopKKlFromALargerStore_EqualsItsOwnK()
    {
        foreach (var missingMass in new[] { ObjectiveTerm.MissingMassZero, ObjectiveTerm.MissingMassSymmetricUniform })
        {
            var objective = new TopKKlObjective(3, missingMass, 2);
            using var student = RandomLogits(7, V: V);
            using var teacher = RandomLogits(8, V: V);
            using var labels = RandomLabels(9, V: V);
            using var wide = StoreRows(teacher, 2, 6);

            using var live = objective.Compute(student, teacher, labels);
            using var stored = objective.ComputeFromStore(student, wide, labels);

            Assert.Equal(live.item<float>(), stored.item<float>(), 1e-5);
        }
    }

    [Fact]
    public void ComputeFromStore_PlackettLuceFewStored_IsTheDocumentedFormula()
    {
        // 2 ranks from 3 stored ids of 9: y first (its stored p, or the rest mass spread over the 6 unstored tokens), then the best other stored id.
        const int k = 3, ranks = 2;
        var objective = new PlackettLuceObjective(ranks, teacherTemperature: 1.5);
        using var student = RandomLogits(10, V: V);
        using var teacher = RandomLogits(11, V: V);
        using var labels = RandomLabels(12, V: V);
        using var rows = StoreRows(teacher, 1.5, k);

        using var value = objective.ComputeFromStore(student, rows, labels);

        var zs = student.data<float>().ToArray();
        var zt = teacher.data<float>().ToArray();
        var y = labels.data<long>().ToArray();
        double total = 0;
        var count = 0;
        var outside = 0;
        for (var row = 0; row < y.Length; row++)
        {
            if (y[row] == -100) continue;
            count++;
            var p = Softmax(zt.AsSpan(row * (int)V, (int)V), 1.5);
            var q = Softmax(zs.AsSpan(row * (int)V, (int)V), 1);
            var top = Enumerable.Range(0, (int)V).OrderByDescending(v => p[v]).Take(k).ToArray();
            var label = (int)y[row];
            var alphaY = top.Contains(label) ? p[label] : (1 - top.Sum(v => p[v])) / (V - k);
            if (!top.Contains(label)) outside++;
            int[] perm = [label, .. top.Where(v => v != label).Take(ranks - 1)];
            double[] alpha = [alphaY, .. perm.Skip(1).Select(v => p[v])];
            var remaining = 1.0;
            for (var r = 0; r < ranks; r++)
            {
                total += alpha[r] * (Math.Log(remaining) - Math.Log(q[perm[r]]));
                remaining -= q[perm[r]];
            }
        }
        Assert.True(outside > 0, "no label outside the stored ids: the tail estimate is untested");
        Assert.Equal(total / count, value.item<float>(), 1e-5);
    }

    [Fact]
    public void Descriptors_ExactlyTheKindsThatReadTheStore_ImplementIt()
    {
        foreach (var descriptor in ObjectiveDescriptors.All.Where(d => !d.IsFeature))
        {
            var objective = ObjectiveFactory.Create(new ObjectiveTerm { Kind = descriptor.Name });
            Assert.True(descriptor.ReadsTeacherStore == objective is IStoreObjective, $"{descriptor.Name}: descriptor says {descriptor.ReadsTeacherStore}");
            if (descriptor.ReadsTeacherStore) Assert.Equal(ObjectiveInput.Logits, descriptor.Reads);
        }
        Assert.DoesNotContain(ObjectiveDescriptors.All, d => d.IsFeature && d.ReadsTeacherStore);
    }


    private static TeacherTopK StoreRows(Tensor teacherLogits, double temperature, int k)
    {
        var (B, T, v) = (teacherLogits.shape[0], teacherLogits.shape[1], teacherLogits.shape[2]);
        using var flat = teacherLogits.reshape(B * T, v);
        using var scaled = flat / temperature;
        var (ids, logProbs, rest) = TopKKlObjective.TeacherSide(scaled, k, withLeftover: true);
        using var _ids = ids;
        using var _logProbs = logProbs;
        using var _rest = rest;
        return new TeacherTopK(ids.reshape(B, T, k), logProbs.reshape(B, T, k), rest!.reshape(B, T), temperature);
    }

    private static double[] Softmax(ReadOnlySpan<float> logits, double temperature)
    {
        var scaled = new double[logits.Length];
        for (var i = 0; i < scaled.Length; i++) scaled[i] = logits[i] / temperature;
        var max = scaled.Max();
        var sum = scaled.Sum(z => Math.Exp(z - max));
        return [.. scaled.Select(z => Math.Exp(z - max) / sum)];
    }

    private static double Kl(double[] a, double[] b) => a.Select((x, i) => x == 0 ? 0 : x * Math.Log(x / b[i])).Sum();

    private static double[] Mix(double[] a, double w, double[] b) => [.. a.Select((x, i) => w * x + (1 - w) * b[i])];

    private static double Divergence(string kind, double[] p, double[] q, ObjectiveTerm term) => kind switch
    {
        ObjectiveKinds.ForwardKl => Kl(p, q),
        ObjectiveKinds.ReverseKl => Kl(q, p),
        ObjectiveKinds.Jsd => term.Beta!.Value * Kl(p, Mix(p, term.Beta.Value, q)) + (1 - term.Beta.Value) * Kl(q, Mix(p, term.Beta.Value, q)),
        ObjectiveKinds.SkewKl => Kl(p, Mix(p, term.SkewAlpha!.Value, q)),
        ObjectiveKinds.SkewReverseKl => Kl(q, Mix(q, term.SkewAlpha!.Value, p)),
        ObjectiveKinds.TotalVariation => 0.5 * p.Select((x, i) => Math.Abs(x - q[i])).Sum(),
        _ => throw new ArgumentException(kind),
    };

    private static (double Loss, Tensor Gradient) LossAndGradient(Tensor studentLogits, Func<Tensor, Tensor> loss)
    {
        using var zs = studentLogits.detach().requires_grad_(true);
        using var value = loss(zs);
        value.backward();
        return (value.item<float>(), zs.grad!.clone());
    }
}
