using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// With two runs at once, a distillation never starts before its teacher has completed, while an independent run queued
/// behind it trains beside the teacher; a run whose teacher failed or was cancelled fails with that reason. Real workers.
/// </summary>
public sealed class DependencySchedulingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ConcurrencyTwo_DistillWaitsForTeacher_IndependentRunProceedsInParallel()
    {
        await using var server = WorkbenchServer.WithConcurrentRuns(2);
        var runs = server.Services.GetRequiredService<RunService>();
        // Queued in this order: with two slots, the old scheduler started the teacher and the distillation together.
        var teacher = await SubmitAsync(runs, TinyConfigs.Teacher("dep-teacher", steps: 150));
        var distill = await SubmitAsync(runs, TinyConfigs.Distill("dep-teacher", steps: 20));
        var independent = await SubmitAsync(runs, TinyConfigs.Teacher("dep-independent", steps: 20));
        Assert.Equal(teacher, RunConfigJson.Deserialize((await server.Store.GetAsync(distill))!.ConfigJson).Teacher!.Run);

        var independentRun = await server.WaitForTerminalAsync(independent, s_timeout);
        var teacherRun = await server.WaitForTerminalAsync(teacher, s_timeout);
        var distillRun = await server.WaitForTerminalAsync(distill, s_timeout);

        Assert.All([teacherRun, distillRun, independentRun], r => Assert.True(r.Status == RunStatus.Completed, $"run {r.Id}: {r.Status} {r.Error}"));
        Assert.True(distillRun.StartedAt >= teacherRun.FinishedAt, $"distill started {distillRun.StartedAt:O}, teacher finished {teacherRun.FinishedAt:O}");
        Assert.True(independentRun.StartedAt < teacherRun.FinishedAt, $"independent started {independentRun.StartedAt:O}, teacher finished {teacherRun.FinishedAt:O}");
        Assert.NotEmpty((await server.Store.GetAsync(distill))!.Checkpoints);
    }

    [Fact]
    public async Task TeacherCancelled_DependentFailsWithTheReason_QueueMovesOn()
    {
        await using var server = WorkbenchServer.WithConcurrentRuns(2);
        var runs = server.Services.GetRequiredService<RunService>();
        var teacher = await SubmitAsync(runs, TinyConfigs.Teacher("doomed-teacher", steps: 200_000));
        var distill = await SubmitAsync(runs, TinyConfigs.Distill("doomed-teacher", steps: 20));
        var grandchild = await SubmitAsync(runs, TinyConfigs.Distill("doomed-teacher", steps: 20) with
        {
            Name = "grandchild",
            Student = new ModelRef { Run = distill },
        });
        var independent = await SubmitAsync(runs, TinyConfigs.Teacher("dep-independent", steps: 10));

        await server.WaitForStepAsync(teacher, 3, s_timeout);
        Assert.Equal(RunStatus.Queued, (await server.Store.GetAsync(distill))!.Status);
        await runs.CancelAsync(teacher);

        var failed = await server.WaitForTerminalAsync(distill, s_timeout);
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal($"teacher run {teacher} was cancelled", failed.Error);
        Assert.Null(failed.StartedAt);   // never launched
        var chained = await server.WaitForTerminalAsync(grandchild, s_timeout);
        Assert.Equal(RunStatus.Failed, chained.Status);
        Assert.Contains($"run {teacher}", chained.Error);   // its teacher was cancelled too; the failed student comes second
        Assert.Equal(RunStatus.Completed, (await server.WaitForTerminalAsync(independent, s_timeout)).Status);
    }

    private static async Task<int> SubmitAsync(RunService runs, RunConfig config)
    {
        var (run, errors) = await runs.SubmitAsync(config);
        Assert.True(run is not null, string.Join("; ", errors));
        return run.Id;
    }
}
