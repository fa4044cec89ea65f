using Workbench.Web.Executors.Slurm;

namespace Workbench.Web.Tests.Executors;

/// <summary>Parsing what squeue, sacct and scontrol print (lines as Slurm 22.05 writes them).</summary>
public sealed class SlurmJobStateTests
{
    [Fact]
    public void Squeue_RunningIsActive()
    {
        var state = SlurmJobState.FromSqueue("RUNNING|None\n")!;
        Assert.True(state.IsActive);
        Assert.Null(SlurmJobState.FromSqueue(""));
    }

    [Fact]
    public void Scontrol_CancelledJob_DescribedWithItsSignal()
    {
        const string line = "JobId=2 JobName=t2 UserId=root(0) JobState=CANCELLED Reason=None Dependency=(null) Requeue=1 ExitCode=0:15 RunTime=00:00:01";
        var state = SlurmJobState.FromScontrol(line)!;
        Assert.False(state.IsActive);
        Assert.False(state.Succeeded);
        Assert.Equal(128 + 15, state.WorkerExitCode);
        Assert.Equal("Slurm job 2 ended CANCELLED (exit code 0:15)", state.Describe("2"));
    }

    [Fact]
    public void Scontrol_FailedJob_NamesTheReasonAndExitCode()
    {
        var state = SlurmJobState.FromScontrol("JobId=1 JobState=FAILED Reason=NonZeroExitCode ExitCode=3:0")!;
        Assert.Equal(3, state.WorkerExitCode);
        Assert.Equal("Slurm job 1 ended FAILED: NonZeroExitCode (exit code 3:0)", state.Describe("1"));
    }

    [Fact]
    public void Sacct_CancelledBy_IsCancelled_CompletedIsSuccess()
    {
        Assert.Equal("CANCELLED", SlurmJobState.FromSacct("CANCELLED by 0|0:15|None")!.State);
        Assert.True(SlurmJobState.FromSacct("COMPLETED|0:0|None")!.Succeeded);
        Assert.Equal("Slurm job 9 ended TIMEOUT (exit code 0:0)", SlurmJobState.FromSacct("TIMEOUT|0:0|None")!.Describe("9"));
        Assert.Equal("Slurm job 9 ended OUT_OF_MEMORY (exit code 0:125)", SlurmJobState.FromSacct("OUT_OF_MEMORY|0:125|None")!.Describe("9"));
    }
}
