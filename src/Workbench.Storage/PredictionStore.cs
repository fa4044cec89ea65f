using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments.Evaluation;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>
/// Per-sample predictions of evaluation sets: the samples once per run and set, the student's answers at every evaluation, the
/// teacher's once. Bounded by <see cref="SamplePrediction.MaxPerSet"/> samples per set whatever a worker sends.
/// </summary>
public sealed class PredictionStore(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>
    /// Stores one report in one transaction. A repeated report (a resumed or replayed step) replaces the student's answers of that
    /// step; the teacher's answers of a set are kept from their first report only.
    /// </summary>
    public async Task AddAsync(int runId, EvalPredictions report, CancellationToken ct = default)
    {
        var samples = report.Samples.Where(s => s.Set == report.Set && s.Index is >= 0 and < SamplePrediction.MaxPerSet).DistinctBy(s => s.Index).ToList();
        var predictions = report.Predictions
            .Where(p => p.Set == report.Set && p.Step == report.Step && p.Index is >= 0 and < SamplePrediction.MaxPerSet
                        && p.Model is PredictionModels.Student or PredictionModels.Teacher)
            .DistinctBy(p => (p.Model, p.Index)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (samples.Count > 0)
        {
            var indexes = samples.Select(s => s.Index).ToArray();
            await db.EvalSamples.Where(s => s.RunId == runId && s.EvalSet == report.Set && indexes.Contains(s.SampleIndex)).ExecuteDeleteAsync(ct);
            db.EvalSamples.AddRange(samples.Select(s => new EvalSampleEntity
            {
                RunId = runId, EvalSet = s.Set, SampleIndex = s.Index, Prompt = s.Prompt, Gold = s.Gold,
                SpansJson = JsonSerializer.Serialize(s.Spans),
            }));
        }
        if (await db.SamplePredictions.AnyAsync(p => p.RunId == runId && p.EvalSet == report.Set && p.Model == PredictionModels.Teacher, ct))
            predictions.RemoveAll(p => p.Model == PredictionModels.Teacher);
        await db.SamplePredictions.Where(p => p.RunId == runId && p.EvalSet == report.Set && p.Step == report.Step && p.Model == PredictionModels.Student)
            .ExecuteDeleteAsync(ct);
        db.SamplePredictions.AddRange(predictions.Select(p => new SamplePredictionEntity
        {
            RunId = runId, EvalSet = p.Set, Step = p.Step, SampleIndex = p.Index, Model = p.Model,
            Text = Truncate(p.Text), Extracted = Truncate(p.Extracted), Correct = p.Correct, Copied = p.CopiedConfounder,
        }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The evaluation sets a run has predictions or samples for, by name.</summary>
    public async Task<IReadOnlyList<string>> SetsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.EvalSamples.AsNoTracking().Where(s => s.RunId == runId).Select(s => s.EvalSet)
            .Union(db.SamplePredictions.Where(p => p.RunId == runId).Select(p => p.EvalSet)).OrderBy(s => s).ToListAsync(ct);
    }

    /// <summary>The steps with student answers for a set, ascending.</summary>
    public async Task<IReadOnlyList<long>> StepsAsync(int runId, string set, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SamplePredictions.AsNoTracking()
            .Where(p => p.RunId == runId && p.EvalSet == set && p.Model == PredictionModels.Student)
            .Select(p => p.Step).Distinct().OrderBy(s => s).ToListAsync(ct);
    }

    /// <summary>
    /// The samples of <paramref name="set"/> with the teacher's answer, the student's at step 0 and at <paramref name="step"/>
    /// (null = the latest), those passing <paramref name="filter"/>, and how many pass each filter.
    /// </summary>
    public async Task<PredictionsPage> GetAsync(int runId, string set, long? step, string filter, CancellationToken ct = default)
    {
        var steps = await StepsAsync(runId, set, ct);
        var at = step ?? (steps.Count > 0 ? steps[^1] : 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var samples = await db.EvalSamples.AsNoTracking().Where(s => s.RunId == runId && s.EvalSet == set).OrderBy(s => s.SampleIndex).ToListAsync(ct);
        var rows = await db.SamplePredictions.AsNoTracking()
            .Where(p => p.RunId == runId && p.EvalSet == set && (p.Model == PredictionModels.Teacher || p.Step == 0 || p.Step == at))
            .ToListAsync(ct);
        SamplePrediction? Find(int index, string model, long? atStep) =>
            rows.Where(r => r.SampleIndex == index && r.Model == model && (atStep is null || r.Step == atStep)).Select(ToRecord).FirstOrDefault();

        var indexes = samples.Select(s => s.SampleIndex).Union(rows.Select(r => r.SampleIndex)).Order().ToList();
        var bySample = samples.ToDictionary(s => s.SampleIndex);
        var all = indexes.Select(i => new PredictionRow(
            i,
            bySample.GetValueOrDefault(i)?.Prompt ?? "",
            bySample.GetValueOrDefault(i)?.Gold ?? "",
            bySample.GetValueOrDefault(i) is { } s ? JsonSerializer.Deserialize<int[][]>(s.SpansJson) ?? [] : [],
            Find(i, PredictionModels.Teacher, null),
            Find(i, PredictionModels.Student, 0),
            Find(i, PredictionModels.Student, at))).ToList();
        var counts = PredictionFilters.Names.ToDictionary(f => f, f => all.Count(r => PredictionFilters.Matches(f, r.Before, r.Now)));
        return new PredictionsPage(set, steps, at, filter, counts, [.. all.Where(r => PredictionFilters.Matches(filter, r.Before, r.Now))]);
    }

    private static SamplePrediction ToRecord(SamplePredictionEntity e) =>
        new(e.EvalSet, e.Step, e.SampleIndex, e.Model, e.Text, e.Extracted, e.Correct, e.Copied);

    private static string Truncate(string text) => text.Length <= SamplePrediction.MaxTextLength ? text : text[..SamplePrediction.MaxTextLength];
}
