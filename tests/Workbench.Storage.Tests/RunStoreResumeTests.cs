using Workbench.Experiments;

namespace Workbench.Storage.Tests;

public sealed class RunStoreResumeTests
{
    private static readonly DateTime s_t = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequeueForResumeAsync_CancelledRun_QueuesAndDropsWhatCameAfterTheCheckpoint(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        await store.TryMarkRunningAsync(run.Id);
        await store.AppendMetricsAsync(run.Id, [.. Enumerable.Range(1, 5).Select(s => new MetricPoint("train/loss", s, 1.0 / s, s_t))]);
        await store.AddCheckpointAsync(run.Id, new CheckpointSaved("/runs/1/step-3/model.safetensors", 3));
        await store.AddCheckpointAsync(run.Id, new CheckpointSaved("/runs/1/model.safetensors", 5));
        await store.FinishAsync(run.Id, RunStatus.Cancelled);

        Assert.True(await store.RequeueForResumeAsync(run.Id, 3));

        var after = await store.GetAsync(run.Id);
        Assert.Equal(RunStatus.Queued, after!.Status);
        Assert.Null(after.FinishedAt);
        Assert.Equal(3, after.Step);
        Assert.Equal([1L, 2, 3], (await store.GetMetricsAsync(run.Id)).Select(p => p.Step));
        Assert.Equal([3L], after.Checkpoints.Select(c => c.Step));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RequeueForResumeAsync_CompletedOrRunning_Refuses(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var running = await store.CreateAsync(new RunConfig());
        await store.TryMarkRunningAsync(running.Id);
        var completed = await store.CreateAsync(new RunConfig());
        await store.FinishAsync(completed.Id, RunStatus.Completed);

        Assert.False(await store.RequeueForResumeAsync(running.Id, 1));
        Assert.False(await store.RequeueForResumeAsync(completed.Id, 1));
        Assert.Equal(RunStatus.Completed, (await store.GetAsync(completed.Id))!.Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task LatestCheckpointAsync_SkipsWhatThePredicateRejects_NewestStepFirst(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        await store.AddCheckpointAsync(run.Id, new CheckpointSaved("a/step-2/model.safetensors", 2));
        await store.AddCheckpointAsync(run.Id, new CheckpointSaved("a/step-4/model.safetensors", 4));
        await store.AddCheckpointAsync(run.Id, new CheckpointSaved("a/model.safetensors", 5));

        var latest = await store.LatestCheckpointAsync(run.Id, c => c.Path.Contains("step-"));

        Assert.Equal(4, latest!.Step);
        Assert.Null(await store.LatestCheckpointAsync(run.Id, _ => false));
    }
}
