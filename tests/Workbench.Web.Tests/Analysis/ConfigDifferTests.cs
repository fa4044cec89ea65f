using Workbench.Experiments;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class ConfigDifferTests
{
    private static IReadOnlyDictionary<string, object?> Flat(RunConfig config) => ConfigFlattener.Flatten(RunConfigJson.Serialize(config));

    [Fact]
    public void Compare_DifferencesOnly_ShowsJustTheNestedLeavesThatDiffer()
    {
        var a = RunRows.Distill("a", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl);
        var b = a with { Name = "b", Objectives = [a.Objectives[0], a.Objectives[1] with { Temperature = 2 }] };

        var rows = ConfigDiffer.Compare([Flat(a), Flat(b)], differencesOnly: true);

        Assert.Equal(["name", "objectives[1].temperature"], rows.Select(r => r.Key));
        Assert.Equal<object?>([1.0, 2.0], rows[1].Values);
        Assert.All(rows, r => Assert.True(r.Differs));
    }

    [Fact]
    public void Compare_All_KeepsEqualKeysInJsonOrderMarkedSame()
    {
        var a = new RunConfig { Name = "a" };
        var rows = ConfigDiffer.Compare([Flat(a), Flat(a with { Seed = 9 })]);

        Assert.Equal("name", rows[0].Key);
        Assert.False(rows.Single(r => r.Key == "steps").Differs);
        Assert.True(rows.Single(r => r.Key == "seed").Differs);
        Assert.Contains(rows, r => r.Key == "student.layers");
    }

    [Fact]
    public void Compare_KeyOnlyInOneRun_DiffersWithNullForTheOther()
    {
        var single = RunRows.Distill("x", 3e-3, ObjectiveKinds.ForwardKl);
        var two = RunRows.Distill("x", 3e-3, ObjectiveKinds.ForwardKl, ObjectiveKinds.ReverseKl);

        var rows = ConfigDiffer.Compare([Flat(single), Flat(two), Flat(single)], differencesOnly: true);

        var kind = rows.Single(r => r.Key == "objectives[1].kind");
        Assert.Equal<object?>([null, "reverse_kl", null], kind.Values);
        Assert.DoesNotContain(rows, r => r.Key == "objectives[0].kind");
    }

    [Fact]
    public void Flatten_CheckpointTeacher_KeysAreDottedAndIndexed()
    {
        var flat = Flat(RunRows.Distill("x", 1e-3, ObjectiveKinds.Jsd));

        Assert.Equal("demo-teacher", flat["teacher.checkpoint"]);
        Assert.False(flat.ContainsKey("teacher.layers"));   // a checkpoint's shape is not part of the config
        Assert.Equal("jsd", flat["objectives[0].kind"]);
        Assert.Equal(1e-3, flat["learningRate"]);
    }
}
