using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;

namespace Workbench.Storage.Tests;

public sealed class PredictionStoreTests
{
    private static EvalSample Sample(int i) => new("ood", i, $"prompt {i} has 7 in it", "5", [[7, 16]]);

    private static SamplePrediction Student(long step, int i, bool correct, bool copied = false) =>
        new("ood", step, i, PredictionModels.Student, correct ? "5" : "7", correct ? "5" : "7", correct, copied);

    private static SamplePrediction Teacher(int i, string text = "5") => new("ood", 0, i, PredictionModels.Teacher, text, text, text == "5", false);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddAsync_MoreSamplesThanTheCap_KeepsTheFirstMaxPerSet(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var run = await file.Store().CreateAsync(new RunConfig());
        var store = new PredictionStore(file.Factory);
        var count = SamplePrediction.MaxPerSet + 100;

        await store.AddAsync(run.Id, new EvalPredictions("ood", 0, [.. Enumerable.Range(0, count).Select(Sample)],
            [.. Enumerable.Range(0, count).Select(i => Student(0, i, false)), .. Enumerable.Range(0, count).Select(i => Teacher(i))]));

        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.Equal(SamplePrediction.MaxPerSet, await db.EvalSamples.CountAsync());
        Assert.Equal(SamplePrediction.MaxPerSet, await db.SamplePredictions.CountAsync(p => p.Model == PredictionModels.Student));
        Assert.Equal(SamplePrediction.MaxPerSet, await db.SamplePredictions.CountAsync(p => p.Model == PredictionModels.Teacher));
        Assert.True(await db.SamplePredictions.AllAsync(p => p.SampleIndex < SamplePrediction.MaxPerSet));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AddAsync_StepZeroReportedTwice_TeacherAndStudentBeforeStoredOnce(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var run = await file.Store().CreateAsync(new RunConfig());
        var store = new PredictionStore(file.Factory);

        await store.AddAsync(run.Id, new EvalPredictions("ood", 0, [Sample(0), Sample(1)], [Student(0, 0, false), Student(0, 1, true), Teacher(0), Teacher(1)]));
        // A resumed run (or a replayed report) sends step 0 again, with other answers: the first teacher answers stay.
        await store.AddAsync(run.Id, new EvalPredictions("ood", 0, [Sample(0), Sample(1)], [Student(0, 0, true), Student(0, 1, true), Teacher(0, "9"), Teacher(1, "9")]));

        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.EvalSamples.CountAsync());
        Assert.Equal(2, await db.SamplePredictions.CountAsync(p => p.Model == PredictionModels.Teacher));
        Assert.True(await db.SamplePredictions.Where(p => p.Model == PredictionModels.Teacher).AllAsync(p => p.Text == "5"));
        Assert.Equal(2, await db.SamplePredictions.CountAsync(p => p.Model == PredictionModels.Student && p.Step == 0));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task GetAsync_Filters_CompareStepZeroWithTheStepShown(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var run = await file.Store().CreateAsync(new RunConfig());
        var store = new PredictionStore(file.Factory);
        // Sample 0 fixed, 1 broken, 2 still wrong (and copies), 3 right throughout.
        await store.AddAsync(run.Id, new EvalPredictions("ood", 0, [.. Enumerable.Range(0, 4).Select(Sample)],
            [Student(0, 0, false), Student(0, 1, true), Student(0, 2, false), Student(0, 3, true), Teacher(0)]));
        await store.AddAsync(run.Id, new EvalPredictions("ood", 50, [], [Student(50, 0, true), Student(50, 1, false), Student(50, 2, false, copied: true), Student(50, 3, true)]));
        await store.AddAsync(run.Id, new EvalPredictions("ood", 100, [], [Student(100, 0, false), Student(100, 1, false), Student(100, 2, false), Student(100, 3, true)]));

        var page = await store.GetAsync(run.Id, "ood", 50, PredictionFilters.All);
        Assert.Equal([0L, 50, 100], page.Steps);
        Assert.Equal(4, page.Rows.Count);
        Assert.Equal(new Dictionary<string, int> { ["all"] = 4, ["fixed"] = 1, ["broken"] = 1, ["still_wrong"] = 1, ["copied"] = 1 }, page.Counts);
        Assert.Equal([0], (await store.GetAsync(run.Id, "ood", 50, PredictionFilters.Fixed)).Rows.Select(r => r.Index));
        Assert.Equal([1], (await store.GetAsync(run.Id, "ood", 50, PredictionFilters.Broken)).Rows.Select(r => r.Index));
        Assert.Equal([2], (await store.GetAsync(run.Id, "ood", 50, PredictionFilters.Copied)).Rows.Select(r => r.Index));
        var row = page.Rows[0];
        Assert.Equal(("prompt 0 has 7 in it", "5", 7, 16), (row.Prompt, row.Gold, row.Spans[0][0], row.Spans[0][1]));
        Assert.Equal((false, true, true), (row.Before!.Correct, row.Now!.Correct, row.Teacher!.Correct));

        var latest = await store.GetAsync(run.Id, "ood", null, PredictionFilters.StillWrong);
        Assert.Equal(100, latest.Step);
        Assert.Equal([0, 2], latest.Rows.Select(r => r.Index));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteAsync_Run_DeletesItsPredictions(DatabaseProvider provider)
    {
        await using var file = await TestDatabase.CreateMigratedAsync(provider);
        var runs = file.Store();
        var run = await runs.CreateAsync(new RunConfig());
        var other = await runs.CreateAsync(new RunConfig());
        var store = new PredictionStore(file.Factory);
        foreach (var id in new[] { run.Id, other.Id })
            await store.AddAsync(id, new EvalPredictions("ood", 0, [Sample(0)], [Student(0, 0, true), Teacher(0)]));

        Assert.True(await new RunTrackingStore(file.Factory).DeleteAsync(run.Id));

        await using var db = await file.Factory.CreateDbContextAsync();
        Assert.False(await db.SamplePredictions.AnyAsync(p => p.RunId == run.Id));
        Assert.False(await db.EvalSamples.AnyAsync(p => p.RunId == run.Id));
        Assert.Equal(2, await db.SamplePredictions.CountAsync(p => p.RunId == other.Id));
        Assert.Equal(["ood"], await store.SetsAsync(other.Id));
    }
}
