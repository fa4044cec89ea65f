using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;

namespace Workbench.Storage.Tests;

public sealed class RunStoreTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_EmptyFile_CreatesAllTables(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        if (provider == DatabaseProvider.Sqlite) Assert.True(File.Exists(file.Path));
        Assert.Equal(0, await db.Runs.CountAsync());
        Assert.Equal(0, await db.MetricPoints.CountAsync());
        Assert.Equal(0, await db.Checkpoints.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateAsync_Config_RoundTripsThroughTheFile(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var config = RunPresets.DemoDistill.Config with { Seed = 7 };
        var created = await file.Store().CreateAsync(config);

        var loaded = await file.Store().GetAsync(created.Id);

        Assert.NotNull(loaded);
        Assert.Equal(RunStatus.Queued, loaded.Status);
        Assert.Equal("demo-distill", loaded.Name);
        var roundTripped = RunConfigJson.Deserialize(loaded.ConfigJson);
        Assert.Equal(7, roundTripped.Seed);
        Assert.Equal(config.Objectives, roundTripped.Objectives);
        Assert.Equal(config.Teacher, roundTripped.Teacher);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendMetricsAsync_TwoBatches_ReadBackInOrder(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await store.AppendMetricsAsync(run.Id, [new("train/loss", 1, 2.5, t), new("train/loss", 2, 2.25, t.AddSeconds(1))]);
        await store.AppendMetricsAsync(run.Id, [new("eval/loss", 2, 2.0, t.AddSeconds(2))]);

        var points = await store.GetMetricsAsync(run.Id);

        Assert.Equal(3, points.Count);
        Assert.Equal(new MetricPoint("train/loss", 1, 2.5, t), points[0]);
        Assert.Equal("eval/loss", points[2].Name);
        Assert.Equal(DateTimeKind.Utc, points[2].WallTime.Kind);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MarkInterruptedAsync_RunningRun_BecomesInterruptedWithReason(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var running = await store.CreateAsync(new RunConfig());
        var queued = await store.CreateAsync(new RunConfig());
        Assert.True(await store.TryMarkRunningAsync(running.Id));

        Assert.Equal(1, await store.MarkInterruptedAsync());

        var interrupted = await store.GetAsync(running.Id);
        Assert.Equal(RunStatus.Interrupted, interrupted!.Status);
        Assert.Contains("server stopped", interrupted.Error);
        Assert.Equal(RunStatus.Queued, (await store.GetAsync(queued.Id))!.Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task FinishAsync_AlreadyTerminal_DoesNotOverwrite(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        Assert.True(await store.FinishAsync(run.Id, RunStatus.Cancelled));

        Assert.False(await store.FinishAsync(run.Id, RunStatus.Failed, "late exit"));

        var loaded = await store.GetAsync(run.Id);
        Assert.Equal(RunStatus.Cancelled, loaded!.Status);
        Assert.Null(loaded.Error);
        Assert.False(await store.TryMarkRunningAsync(run.Id));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ResolveCheckpointAsync_ByRunNameOrId_FindsNewestCompleted(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var older = await store.CreateAsync(RunPresets.DemoTeacher.Config);
        await store.AddCheckpointAsync(older.Id, new CheckpointSaved("/tmp/a.safetensors", 600));
        await store.FinishAsync(older.Id, RunStatus.Completed);
        var newer = await store.CreateAsync(RunPresets.DemoTeacher.Config);
        await store.AddCheckpointAsync(newer.Id, new CheckpointSaved("/tmp/b.safetensors", 600));
        await store.FinishAsync(newer.Id, RunStatus.Completed);
        var failed = await store.CreateAsync(RunPresets.DemoTeacher.Config);
        await store.AddCheckpointAsync(failed.Id, new CheckpointSaved("/tmp/c.safetensors", 10));
        await store.FinishAsync(failed.Id, RunStatus.Failed, "boom");

        var byName = await store.ResolveCheckpointAsync(RunPresets.DemoTeacherName);
        var byId = await store.ResolveCheckpointAsync(byName!.Id.ToString());

        Assert.Equal("/tmp/b.safetensors", byName.Path);
        Assert.Equal(byName.Id, byId!.Id);
        Assert.Null(await store.ResolveCheckpointAsync("no-such-run"));
        Assert.Equal(2, (await store.TeacherCandidatesAsync()).Count);
    }
}
