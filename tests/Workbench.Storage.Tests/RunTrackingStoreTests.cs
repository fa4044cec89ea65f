using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Storage.Queries;

namespace Workbench.Storage.Tests;

public sealed class RunTrackingStoreTests
{
    private static readonly DateTime s_t0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AppendMetricsAsync_BatchesOutOfOrder_SummaryKeepsValueOfHighestStep(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        await store.AppendMetricsAsync(run.Id, [new("eval/accuracy", 10, 0.4, s_t0), new("eval/accuracy", 20, 0.7, s_t0)]);
        await store.AppendMetricsAsync(run.Id, [new("eval/accuracy", 15, 0.9, s_t0)]);   // late write of an earlier step
        await store.AppendMetricsAsync(run.Id, [new("eval/accuracy", 30, 0.6, s_t0), new("train/loss", 30, 1.5, s_t0)]);

        var summaries = await new RunTrackingStore(file.Factory).SummariesAsync(run.Id);

        var accuracy = summaries.Single(s => s.Name == "eval/accuracy");
        Assert.Equal((30L, 0.6, 0.4, 0.9, 4L), (accuracy.LastStep, accuracy.LastValue, accuracy.MinValue, accuracy.MaxValue, accuracy.Count));
        Assert.Equal(1.5, summaries.Single(s => s.Name == "train/loss").LastValue);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task UpdateAsync_TagsNotesArchived_RoundTripAndArchivedHidden(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var tracking = new RunTrackingStore(file.Factory);
        var kept = await store.CreateAsync(new RunConfig { Name = "kept" });
        var archived = await store.CreateAsync(new RunConfig { Name = "old" });

        Assert.True(await tracking.UpdateAsync(kept.Id, [" baseline ", "leaf", "Baseline", ""], "first try", archived: null));
        Assert.True(await tracking.UpdateAsync(archived.Id, null, null, archived: true));
        Assert.False(await tracking.UpdateAsync(999, ["x"], null, null));

        var visible = await tracking.ListWithSummariesAsync(includeArchived: false);
        var all = await tracking.ListWithSummariesAsync(includeArchived: true);
        Assert.Equal(["kept"], visible.Select(r => r.Name));
        Assert.Equal(2, all.Count);
        Assert.Equal(["baseline", "leaf"], RunTags.Parse(visible[0].Tags));
        Assert.Equal("first try", visible[0].Notes);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAsync_RunWithMetricsAndCheckpoint_RemovesEveryRowOfThatRunOnly(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var tracking = new RunTrackingStore(file.Factory);
        var doomed = await store.CreateAsync(new RunConfig());
        var other = await store.CreateAsync(new RunConfig());
        foreach (var id in new[] { doomed.Id, other.Id })
        {
            await store.AppendMetricsAsync(id, [new("train/loss", 1, 2, s_t0), new("train/loss", 2, 1, s_t0)]);
            await store.AddCheckpointAsync(id, new CheckpointSaved($"/tmp/{id}.safetensors", 2));
        }

        Assert.True(await tracking.DeleteAsync(doomed.Id));
        Assert.False(await tracking.DeleteAsync(doomed.Id));

        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.Null(await store.GetAsync(doomed.Id));
        Assert.Equal(0, await db.MetricPoints.CountAsync(p => p.RunId == doomed.Id));
        Assert.Equal(0, await db.MetricSummaries.CountAsync(s => s.RunId == doomed.Id));
        Assert.Equal(0, await db.Checkpoints.CountAsync(c => c.RunId == doomed.Id));
        Assert.Equal(2, await db.MetricPoints.CountAsync(p => p.RunId == other.Id));
        Assert.Single((await store.GetAsync(other.Id))!.Checkpoints);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MetricSeriesReader_TenThousandPointsWithSpike_DownsampledFromTheFileWithWallTimes(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        var points = Enumerable.Range(1, 10_000)
            .Select(i => new MetricPoint("train/loss", i, i == 4321 ? 50 : 1.0 / i, s_t0.AddSeconds(i))).ToList();
        await store.AppendMetricsAsync(run.Id, points);
        var reader = new MetricSeriesReader(file.Factory);

        var extent = await reader.ExtentAsync(run.Id, "train/loss");
        var series = await reader.ReadAsync(run.Id, "train/loss", BucketGrid.ForPoints(extent!.Value.FirstStep, extent.Value.LastStep, 400), withWallTime: true);
        var zoomed = await reader.ReadAsync(run.Id, "train/loss", BucketGrid.ForPoints(4000, 4100, 400), withWallTime: false);

        Assert.Equal(new SeriesExtent(1, 10_000, 10_000), extent);
        Assert.Equal(10_000, series.TotalPoints);
        Assert.InRange(series.Points.Count, 2, 402);
        Assert.Contains(series.Points, p => p.Step == 4321 && p.Value == 50);
        Assert.Equal(s_t0.AddSeconds(10_000), series.Points[^1].WallTime);
        Assert.Equal(101, zoomed.Points.Count);   // zoomed in: every point of the range comes back
        Assert.Null(await reader.ExtentAsync(run.Id, "no/such"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MetricSeriesReader_LongSeries_SqliteReductionEqualsInMemoryDownsampler(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var store = file.Store();
        var run = await store.CreateAsync(new RunConfig());
        var random = new Random(3);
        var points = Enumerable.Range(1, 30_000).Select(i => new MetricPoint("train/loss", i * 3, random.NextDouble(), s_t0.AddSeconds(i))).ToList();
        await store.AppendMetricsAsync(run.Id, points);
        var grid = BucketGrid.ForPoints(3, 90_000, 700);
        var expected = new MinMaxDownsampler(grid);
        foreach (var p in points) expected.Add(new SeriesPoint(p.Step, p.Value, p.WallTime));

        var series = await new MetricSeriesReader(file.Factory).ReadAsync(run.Id, "train/loss", grid, withWallTime: true);

        Assert.Equal(expected.Finish(), series.Points);
        Assert.Equal(30_000, series.TotalPoints);
    }
}
