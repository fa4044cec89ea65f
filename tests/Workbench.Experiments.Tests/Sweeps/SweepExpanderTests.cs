using System.Text.Json;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.Sweeps;

namespace Workbench.Experiments.Tests.Sweeps;

public sealed class SweepExpanderTests
{
    private static readonly RunConfig s_base = LeafDemo.Distill(LeafMasks.None, 1) with
    {
        Teacher = new ModelRef { Run = 1 },
        Student = new ModelRef { Run = 2 },
    };

    private static SweepSpec Spec(params SweepAxis[] axes) => new() { Name = "grid", Base = s_base, Seeds = [1, 2, 3], Axes = axes };

    [Fact]
    public void Expand_TwoAxesAndSeeds_QueuesTheCartesianProductSeedOuter()
    {
        var expansion = SweepExpander.Expand(Spec(
            SweepAxis.Of("leaf.rho", 0.05, 0.1),
            SweepAxis.Of("leaf.mask", LeafMasks.None, LeafMasks.Instruction)));

        Assert.True(expansion.IsValid, string.Join("; ", expansion.Errors));
        Assert.Equal(12, expansion.Runs.Count);
        Assert.Equal(
            ["grid-0.05-none-seed1", "grid-0.05-instruction-seed1", "grid-0.1-none-seed1", "grid-0.1-instruction-seed1", "grid-0.05-none-seed2"],
            expansion.Runs.Take(5).Select(r => r.Config.Name));
        var last = expansion.Runs[^1].Config;
        Assert.Equal((0.1, LeafMasks.Instruction, 3), (last.Leaf!.Rho, last.Leaf.Mask, last.Seed));
        Assert.All(expansion.Runs, r => Assert.Equal(1, r.Config.Teacher!.Run));
        Assert.Equal(12, expansion.Runs.Select(r => (r.Config.Leaf!.Rho, r.Config.Leaf.Mask, r.Config.Seed)).Distinct().Count());
    }

    [Fact]
    public void Expand_IndexedPath_SetsThatObjectiveOnly()
    {
        var spec = Spec(SweepAxis.Of("objectives[0].temperature", 1, 2)) with
        {
            Base = s_base with { Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }, new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }] },
            Seeds = [7],
        };
        var expansion = SweepExpander.Expand(spec);

        Assert.True(expansion.IsValid, string.Join("; ", expansion.Errors));
        Assert.Equal([1.0, 2.0], expansion.Runs.Select(r => r.Config.Objectives[0].Temperature));
        Assert.All(expansion.Runs, r => Assert.Equal(1.0, r.Config.Objectives[1].Temperature));
        Assert.Equal(["grid-1-seed7", "grid-2-seed7"], expansion.Runs.Select(r => r.Config.Name));
    }

    [Fact]
    public void Expand_OptionalFieldAbsentFromBase_CanBeAnAxis()
    {
        var expansion = SweepExpander.Expand(Spec(SweepAxis.Of("warmupSteps", 0, 10)) with { Seeds = [1] });
        Assert.True(expansion.IsValid, string.Join("; ", expansion.Errors));
        Assert.Equal([0, 10], expansion.Runs.Select(r => r.Config.WarmupSteps!.Value));
    }

    [Fact]
    public void Expand_NullOnAnOptionalField_LeavesItUnset()
    {
        // The LeaF comparison's second group: the top-k rule with its default (unset = one span) against three spans.
        var spec = Spec(new SweepAxis { Path = "leaf.maxSpansPerSample", Values = [Json("null"), Json("3")] }) with
        {
            Base = s_base with { Leaf = new LeafConfig { Mask = LeafMasks.Instruction, ThresholdMode = LeafThresholdModes.Top } },
            Seeds = [1],
        };
        var expansion = SweepExpander.Expand(spec);

        Assert.True(expansion.IsValid, string.Join("; ", expansion.Errors));
        Assert.Equal([null, 3], expansion.Runs.Select(r => r.Config.Leaf!.MaxSpansPerSample));
        Assert.Equal(["grid-null-seed1", "grid-3-seed1"], expansion.Runs.Select(r => r.Config.Name));
    }

    [Fact]
    public void Expand_NoSeeds_UsesTheBaseSeed()
    {
        var expansion = SweepExpander.Expand(Spec(SweepAxis.Of("learningRate", 0.001)) with { Seeds = null });
        Assert.Equal(s_base.Seed, Assert.Single(expansion.Runs).Seed);
    }

    [Theory]
    [InlineData("leaf.rhoo", "0.1", "axes[1].path")]            // no such field: dropped by the deserializer
    [InlineData("objectives[4].temperature", "1", "axes[1].path")]   // no such list item
    [InlineData("leaf.rho", "\"many\"", "axes[1].path")]        // cannot hold the value
    [InlineData("steps", "0.5", "axes[1].path")]                // an int field
    [InlineData("leaf.rhoo", "null", "axes[1].path")]           // null on no such field
    [InlineData("steps", "null", "axes[1].path")]               // null on a field that must hold a number
    [InlineData("student.layers", "4", "axes[1].path")]         // a model loaded from a run has no shape
    [InlineData("seed", "1", "axes[1].path")]
    [InlineData("objectives[0", "1", "axes[1].path")]
    public void Expand_BadAxis_NamesIt(string path, string value, string field)
    {
        var axes = new[] { SweepAxis.Of("leaf.mask", "none"), new SweepAxis { Path = path, Values = [JsonDocument.Parse(value).RootElement.Clone()] } };
        var expansion = SweepExpander.Expand(Spec(axes));
        Assert.Empty(expansion.Runs);
        Assert.Contains(expansion.Errors, e => e.Field == field);
    }

    [Fact]
    public void Expand_ValueTheValidatorRefuses_NamesTheRunAndField()
    {
        var expansion = SweepExpander.Expand(Spec(SweepAxis.Of("leaf.rho", 0.1, 1.5)) with { Seeds = [1] });
        var error = Assert.Single(expansion.Errors);
        Assert.Equal("runs[1].leaf.rho", error.Field);
    }

    [Fact]
    public void Expand_TooManyRuns_IsRefusedBeforeExpanding()
    {
        var values = Enumerable.Range(1, 30).Select(i => i * 1e-4).ToArray();
        var expansion = SweepExpander.Expand(Spec(SweepAxis.Of("learningRate", values), SweepAxis.Of("objectives[0].temperature", values)));
        Assert.Equal("axes", Assert.Single(expansion.Errors).Field);
        Assert.Contains("2,700", expansion.Errors[0].Message);
    }

    [Fact]
    public void Expand_BadNameSeedsAndValues_AreEachNamed()
    {
        var expansion = SweepExpander.Expand(new SweepSpec
        {
            Name = "bad/name",
            Base = s_base,
            Seeds = [1, 1, -2],
            Axes = [SweepAxis.Of("leaf.mask", "none", "none"), new SweepAxis { Path = "leaf.rho", Values = [] }, SweepAxis.Of("leaf.mask", "instruction")],
        });
        var fields = expansion.Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "name", "seeds", "seeds[2]", "axes[0].values", "axes[1].values", "axes[2].path" }, fields);
    }

    [Fact]
    public void Expand_MissingBase_IsNamed() =>
        Assert.Contains(SweepExpander.Expand(new SweepSpec { Name = "x" }).Errors, e => e.Field == "base");

    [Fact]
    public void Expand_Baseline_MustBeAnAxisValue()
    {
        var axis = SweepAxis.Of("leaf.mask", "none", "instruction");
        Assert.True(SweepExpander.Expand(Spec(axis) with { Baseline = Baseline("leaf.mask", "none") }).IsValid);
        Assert.Equal("baseline.leaf.mask", Assert.Single(SweepExpander.Expand(Spec(axis) with { Baseline = Baseline("leaf.mask", "paired") }).Errors).Field);
        Assert.Equal("baseline.leaf.rho", Assert.Single(SweepExpander.Expand(Spec(axis) with { Baseline = Baseline("leaf.rho", "0.1") }).Errors).Field);
    }

    [Fact]
    public void LeafDemoSweep_IsKdAgainstLeafOverThreeSeeds_WithTheOodSet()
    {
        var expansion = SweepExpander.Expand(LeafDemo.Sweep(teacherRun: 5, studentRun: 6));
        Assert.True(expansion.IsValid, string.Join("; ", expansion.Errors));
        Assert.Equal(6, expansion.Runs.Count);
        Assert.Equal(
            ["leaf-demo-none-seed1", "leaf-demo-instruction-seed1", "leaf-demo-none-seed2", "leaf-demo-instruction-seed2", "leaf-demo-none-seed3", "leaf-demo-instruction-seed3"],
            expansion.Runs.Select(r => r.Config.Name));
        Assert.All(expansion.Runs, r =>
        {
            Assert.Equal((5, 6), (r.Config.Teacher!.Run, r.Config.Student.Run));
            Assert.Equal("ood", Assert.Single(r.Config.EvalSets!).Split);
        });
    }

    private static Dictionary<string, JsonElement> Baseline(string key, string value) => new() { [key] = JsonSerializer.SerializeToElement(value) };

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
