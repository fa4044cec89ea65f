using Workbench.Experiments.Leaf;
using Workbench.Experiments.TeacherHacking;

namespace Workbench.Experiments.Tests.Validation;

public sealed class OracleValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config with { Oracle = new ModelRef { Checkpoint = "th-oracle" } };

    private static IReadOnlyList<ValidationError> ErrorsOf(RunConfig config) => RunConfigValidator.Validate(config);

    [Fact]
    public void Validate_OracleByRunCheckpointOrFolder_IsValid()
    {
        Assert.Empty(ErrorsOf(s_valid));
        Assert.Empty(ErrorsOf(s_valid with { Oracle = new ModelRef { Run = 3 } }));
        Assert.Empty(ErrorsOf(s_valid with { Oracle = new ModelRef { Path = "/models/oracle" } }));
    }

    public static TheoryData<RunConfig, string, string> Invalid => new()
    {
        { s_valid with { Oracle = new ModelRef { Layers = 2 } }, "oracle", "trained weights" },
        { s_valid with { Teacher = null, Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }] }, "oracle", "choose a teacher" },
        { s_valid with { Oracle = new ModelRef { Run = 0 } }, "oracle.run", "positive" },
        { s_valid with { Oracle = new ModelRef { Run = 2, Checkpoint = "x" } }, "oracle.run", "Choose one" },
        { s_valid with { Oracle = new ModelRef { Path = "relative/folder" } }, "oracle.path", "absolute" },
        { s_valid with { Oracle = new ModelRef { Path = "/models/../etc" } }, "oracle.path", ".." },
        { s_valid with { Oracle = new ModelRef { Checkpoint = " " } }, "oracle.checkpoint", "Checkpoint" },
        { s_valid with { Leaf = new LeafConfig() }, "oracle", "LeaF" },
        { s_valid with { Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }, new ObjectiveTerm { Kind = ObjectiveKinds.Uld }] }, "oracle", "cross-tokenizer" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadOracle_NamesTheField(RunConfig config, string field, string message)
    {
        var error = Assert.Single(ErrorsOf(config), e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Oracle_IsADependency_AndRoundTripsThroughJson()
    {
        var config = s_valid with { Oracle = new ModelRef { Run = 7 } };
        Assert.Contains(new RunDependency("oracle", "oracle.run", 7), RunDependency.Of(config));
        Assert.Equal(7, RunConfigJson.Deserialize(RunConfigJson.Serialize(config)).Oracle?.Run);
        Assert.DoesNotContain("oracle", RunConfigJson.Serialize(s_valid with { Oracle = null }));
    }

    [Fact]
    public void TeacherHackingRecipe_EveryConfigIsValid_AndTheSweepComparesOfflineWithOnPolicy()
    {
        Assert.Empty(ErrorsOf(TeacherHackingDemo.Oracle));
        Assert.Empty(ErrorsOf(TeacherHackingDemo.Teacher));
        Assert.True(TeacherHackingDemo.Teacher.LoadsTeacher);   // cross-entropy only, but the teacher writes the completions
        var sweep = TeacherHackingDemo.Sweep(oracleRun: 1, teacherRun: 2);
        Assert.Empty(ErrorsOf(sweep.Base!));
        Assert.Equal(1, sweep.Base!.Oracle!.Run);
        Assert.Equal("data.regime", Assert.Single(sweep.Axes!).Path);
        Assert.Equal([1, 2, 3], sweep.Seeds);
    }
}
