namespace Workbench.Experiments.Tests;

public sealed class ModelRefRunTests
{
    private static readonly RunConfig s_distill = RunPresets.DemoDistill.Config with { Teacher = new ModelRef { Run = 12 } };

    [Fact]
    public void Serialize_RunReference_WritesTheIdAndNoShape()
    {
        var json = RunConfigJson.Serialize(s_distill);
        Assert.Contains("\"teacher\":{\"run\":12,\"checkpoint\":null}", json);
        Assert.Equal(12, RunConfigJson.Deserialize(json).Teacher!.Run);
    }

    [Fact]
    public void Validate_RunReference_IsAccepted() => Assert.Empty(RunConfigValidator.Validate(s_distill));

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(3, "demo-teacher", null)]
    [InlineData(3, null, "/models/x")]
    public void Validate_BadRunReference_NamesTeacherRun(int run, string? checkpoint, string? path) =>
        Assert.Contains(RunConfigValidator.Validate(s_distill with { Teacher = new ModelRef { Run = run, Checkpoint = checkpoint, Path = path } }),
            e => e.Field == "teacher.run");

    [Fact]
    public void Dependencies_AreTeacherThenStudentRuns()
    {
        var config = s_distill with { Student = new ModelRef { Run = 13 } };
        Assert.Equal([new RunDependency("teacher", "teacher.run", 12), new RunDependency("student", "student.run", 13)], RunDependency.Of(config));
        Assert.Empty(RunDependency.Of(RunPresets.DemoDistill.Config));
    }
}
