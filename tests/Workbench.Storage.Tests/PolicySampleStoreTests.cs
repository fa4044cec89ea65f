using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Experiments.OnPolicy;

namespace Workbench.Storage.Tests;

public sealed class PolicySampleStoreTests
{
    private static PolicySamples At(long step, string prompt = "Tom has 3 apples. <b>How</b> many?") =>
        new(step, step / 2, step, [new PolicySample(prompt, [new PolicyToken(" 3", -0.25), new PolicyToken("<eos>", null)])]);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveAsync_TwoReports_TheLatestIsKept_WholeAndBounded(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var run = await file.Store().CreateAsync(new RunConfig());
        var store = new PolicySampleStore(file.Factory);
        Assert.Null(await store.GetAsync(run.Id));

        await store.SaveAsync(run.Id, At(4));
        await store.SaveAsync(run.Id, At(10) with { Samples = [.. Enumerable.Repeat(At(10).Samples[0], 9)] });

        var latest = await store.GetAsync(run.Id);
        Assert.NotNull(latest);
        Assert.Equal((10L, 5L, 10L), (latest.Step, latest.OnPolicyBatches, latest.Batches));
        Assert.Equal(PolicySamples.MaxSamples, latest.Samples.Length);
        Assert.Equal("Tom has 3 apples. <b>How</b> many?", latest.Samples[0].Prompt);
        Assert.Equal([-0.25, null], latest.Samples[0].Tokens.Select(t => t.TeacherLogProb));
        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.PolicySamples.CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeletingTheRun_DeletesItsSamples(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var run = await file.Store().CreateAsync(new RunConfig());
        await new PolicySampleStore(file.Factory).SaveAsync(run.Id, At(2));
        await using var db = await file.Factory.CreateDbContextAsync();
        await db.Runs.Where(r => r.Id == run.Id).ExecuteDeleteAsync();
        Assert.Equal(0, await db.PolicySamples.CountAsync());
    }
}
