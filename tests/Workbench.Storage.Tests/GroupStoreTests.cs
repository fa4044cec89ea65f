using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Storage.Tests;

public sealed class GroupStoreTests
{
    private static RunConfig Config(string name) => new() { Name = name, Steps = 5 };

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task CreateWithRuns_SavesRunsInQueueOrder_CountsThemByStatus(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var groups = new GroupStore(file.Factory, TimeProvider.System);
        var store = file.Store();

        var group = await groups.CreateWithRunsAsync(new RunGroupEntity { Name = "grid", SweepJson = "{}" }, [Config("a"), Config("b"), Config("c")]);
        var ids = group.Runs.Select(r => r.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids, (await store.QueuedAsync(10)).Select(r => r.Id));

        await store.FinishAsync(ids[0], RunStatus.Completed);
        await store.FinishAsync(ids[1], RunStatus.Failed, "teacher run 1 failed");
        var summary = Assert.Single(await groups.ListAsync());
        Assert.Equal((3, 1, 1, 1), (summary.Runs, summary.Completed, summary.Active, summary.Failed));

        var read = await groups.GetAsync(group.Id);
        Assert.Equal(["a", "b", "c"], read!.Runs.Select(r => r.Name));
        Assert.All(read.Runs, r => Assert.Equal(group.Id, r.GroupId));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_NullsKeepFields_EmptyStringsClearThem(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var groups = new GroupStore(file.Factory, TimeProvider.System);
        var group = await groups.CreateWithRunsAsync(new RunGroupEntity { Name = "g", Notes = "n", BaselineJson = """{"a":1}""" }, []);

        Assert.True(await groups.UpdateAsync(group.Id, "renamed", null, null));
        var read = await groups.GetAsync(group.Id);
        Assert.Equal(("renamed", "n", """{"a":1}"""), (read!.Name, read.Notes, read.BaselineJson));

        Assert.True(await groups.UpdateAsync(group.Id, null, "", ""));
        read = await groups.GetAsync(group.Id);
        Assert.Equal(("renamed", null, null), (read!.Name, read.Notes, read.BaselineJson));
        Assert.False(await groups.UpdateAsync(999, "x", null, null));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task NameResolution_NewestUsableRun_SkipsFailedOnes(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var completed = await store.CreateAsync(Config("teacher"));
        await store.FinishAsync(completed.Id, RunStatus.Completed);
        var failed = await store.CreateAsync(Config("teacher"));
        await store.FinishAsync(failed.Id, RunStatus.Failed);

        Assert.Equal(completed.Id, (await store.NewestUsableRunNamedAsync("teacher"))!.Id);
        var queued = await store.CreateAsync(Config("teacher"));
        Assert.Equal(queued.Id, (await store.NewestUsableRunNamedAsync("teacher"))!.Id);
        Assert.Null(await store.NewestUsableRunNamedAsync("nobody"));
        Assert.Equal(RunStatus.Failed, (await store.StatusesAsync([failed.Id, 999]))[failed.Id]);
    }
}
