using Workbench.Experiments;
using Workbench.Web.Hosting;

namespace Workbench.Web.Tests.Hosting;

public sealed class DependencyGateTests
{
    private static readonly RunConfig s_distill = RunPresets.DemoDistill.Config with
    {
        Teacher = new ModelRef { Run = 1 },
        Student = new ModelRef { Run = 2 },
    };

    [Theory]
    [InlineData(RunStatus.Completed, RunStatus.Completed, DependencyState.Ready, null)]
    [InlineData(RunStatus.Running, RunStatus.Completed, DependencyState.Waiting, null)]
    [InlineData(RunStatus.Completed, RunStatus.Queued, DependencyState.Waiting, null)]
    [InlineData(RunStatus.Failed, RunStatus.Queued, DependencyState.Blocked, "teacher run 1 failed")]
    [InlineData(RunStatus.Running, RunStatus.Cancelled, DependencyState.Blocked, "student run 2 was cancelled")]
    [InlineData(RunStatus.Completed, RunStatus.Interrupted, DependencyState.Blocked, "student run 2 was interrupted")]
    public void Check_DependencyStatuses_DecideTheRun(RunStatus teacher, RunStatus student, DependencyState state, string? reason) =>
        Assert.Equal((state, reason), DependencyGate.Check(s_distill, new Dictionary<int, RunStatus> { [1] = teacher, [2] = student }));

    [Fact]
    public void Check_DeletedDependency_Blocks() =>
        Assert.Equal((DependencyState.Blocked, "teacher run 1 no longer exists"), DependencyGate.Check(s_distill, new Dictionary<int, RunStatus>()));

    [Fact]
    public void Check_NoRunReferences_IsReady() =>
        Assert.Equal(DependencyState.Ready, DependencyGate.Check(RunPresets.DemoDistill.Config, new Dictionary<int, RunStatus>()).State);
}
