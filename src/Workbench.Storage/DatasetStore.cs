using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>
/// Imported datasets: import (all samples in one transaction, or nothing), add a split from another file, list, count
/// per split, page through samples, delete, and export to the JSONL file a worker reads.
/// </summary>
public sealed class DatasetStore(IDbContextFactory<WorkbenchDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Where exports go, relative to the data directory.</summary>
    public const string ExportFolder = "datasets";

    /// <summary>Validates the names, parses <paramref name="jsonl"/> and stores it; any error stores nothing.</summary>
    public async Task<DatasetImportResult> ImportAsync(string? name, string? sourceFileName, Stream jsonl,
        DatasetLimits? limits = null, CancellationToken ct = default)
    {
        var nameErrors = ValidateNames(name, sourceFileName);
        if (nameErrors.Length > 0) return DatasetImportResult.Refused(nameErrors);
        if (await ExistsAsync(name!, ct)) return NameTaken(name!);
        var parsed = await new JsonlDatasetParser(limits).ParseAsync(jsonl, ct);
        if (!parsed.Succeeded) return new DatasetImportResult(null, parsed.Errors, parsed.ErrorCount);
        return await ImportAsync(name!, sourceFileName!, parsed.Sha256, parsed.Samples, ct);
    }

    /// <summary>Stores already parsed samples in one transaction: the dataset row and every sample, or nothing.</summary>
    public async Task<DatasetImportResult> ImportAsync(string name, string sourceFileName, string sha256,
        IReadOnlyList<DatasetSample> samples, CancellationToken ct = default)
    {
        var nameErrors = ValidateNames(name, sourceFileName);
        if (nameErrors.Length > 0) return DatasetImportResult.Refused(nameErrors);
        var dataset = new DatasetEntity
        {
            Name = name,
            SourceFileName = sourceFileName,
            Sha256 = sha256,
            CreatedAt = time.GetUtcNow().UtcDateTime,
            SampleCount = samples.Count,
            TrainCount = samples.Count(s => s.Split == DatasetSplitNames.Train),
            EvalCount = samples.Count(s => s.Split == DatasetSplitNames.Eval),
            TestCount = samples.Count(s => s.Split == DatasetSplitNames.Test),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Datasets.Add(dataset);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await ExistsAsync(name, CancellationToken.None)) return NameTaken(name);   // lost a race with another import of the same name
            throw;
        }
        await DatasetSampleInserter.InsertAsync(db, transaction, dataset.Id, 0, samples, ct);
        await transaction.CommitAsync(ct);
        return new DatasetImportResult(dataset, [], 0);
    }

    /// <summary>
    /// Adds the samples of another file to dataset <paramref name="datasetId"/> as new splits, after its existing samples.
    /// <paramref name="split"/>, when given, is the split of every line (overriding the file's "split" fields); otherwise
    /// each line's own split, or train / eval by <see cref="DatasetSplitter"/>. Refused as a conflict, storing nothing,
    /// when the dataset already has any of the file's splits; refused with every error when any line is bad.
    /// </summary>
    public async Task<DatasetImportResult> AddSplitAsync(int datasetId, string? split, string? sourceFileName, Stream jsonl,
        DatasetLimits? limits = null, CancellationToken ct = default)
    {
        string? splitName = null;
        List<DatasetLineError> refusals = [];
        if (!string.IsNullOrEmpty(split))
        {
            splitName = DatasetSplitNames.Normalize(split, out var splitError);
            if (splitError is not null) refusals.Add(new DatasetLineError(0, "split", splitError));
        }
        if (DatasetNames.ValidateFileName(sourceFileName) is { } fileError) refusals.Add(new DatasetLineError(0, "file", fileError));
        if (refusals.Count > 0) return DatasetImportResult.Refused([.. refusals]);
        var parsed = await new JsonlDatasetParser(limits).ParseAsync(jsonl, splitName, ct);
        if (!parsed.Succeeded) return new DatasetImportResult(null, parsed.Errors, parsed.ErrorCount);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // SQLite's BEGIN IMMEDIATE: the check for taken split names and the insert see no other writer in between.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Id == datasetId, ct);
        if (dataset is null) return DatasetImportResult.Refused(new DatasetLineError(0, "dataset", $"Dataset {datasetId} does not exist."));
        var added = parsed.Samples.Select(s => s.Split).Distinct().ToList();
        var taken = await db.DatasetSamples.Where(s => s.DatasetId == datasetId && added.Contains(s.Split))
            .Select(s => s.Split).Distinct().ToListAsync(ct);
        if (taken.Count > 0)
        {
            var reason = $"'{dataset.Name}' already has {(taken.Count == 1 ? "a split" : "splits")} {string.Join(", ", taken.Order().Select(t => $"'{t}'"))}; " +
                         "give the new split another name (the `split` field sets the split of every line).";
            return new DatasetImportResult(null, [new DatasetLineError(0, "split", reason)], 1, Conflict: true);
        }
        var next = await db.DatasetSamples.Where(s => s.DatasetId == datasetId).MaxAsync(s => (int?)s.Index, ct) + 1 ?? 0;
        await DatasetSampleInserter.InsertAsync(db, transaction, datasetId, next, parsed.Samples, ct);
        dataset.SampleCount += parsed.Samples.Count;
        dataset.TrainCount += parsed.Samples.Count(s => s.Split == DatasetSplitNames.Train);
        dataset.EvalCount += parsed.Samples.Count(s => s.Split == DatasetSplitNames.Eval);
        dataset.TestCount += parsed.Samples.Count(s => s.Split == DatasetSplitNames.Test);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new DatasetImportResult(dataset, [], 0);
    }

    /// <summary>
    /// Samples per split of each dataset in <paramref name="datasetIds"/>: train, eval and test first, then the other splits
    /// in the order they were added. A dataset without samples is absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<DatasetSplitCount>>> GetSplitCountsAsync(IReadOnlyCollection<int> datasetIds,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.DatasetSamples.Where(s => datasetIds.Contains(s.DatasetId))
            .GroupBy(s => new { s.DatasetId, s.Split })
            .Select(g => new { g.Key.DatasetId, g.Key.Split, Count = g.Count(), First = g.Min(s => s.Index) })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.DatasetId).ToDictionary(
            g => g.Key,
            g =>
            {
                var counts = g.ToDictionary(r => r.Split, r => r.Count);
                return (IReadOnlyList<DatasetSplitCount>)[.. DatasetSplitNames.Ordered(g.OrderBy(r => r.First).Select(r => r.Split))
                    .Select(name => new DatasetSplitCount(name, counts[name]))];
            });
    }

    /// <inheritdoc cref="GetSplitCountsAsync(IReadOnlyCollection{int}, CancellationToken)"/>
    public async Task<IReadOnlyList<DatasetSplitCount>> GetSplitCountsAsync(int datasetId, CancellationToken ct = default) =>
        (await GetSplitCountsAsync([datasetId], ct)).GetValueOrDefault(datasetId) ?? [];

    public async Task<IReadOnlyList<DatasetEntity>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().OrderBy(d => d.Name).ToListAsync(ct);
    }

    public async Task<DatasetEntity?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
    }

    public async Task<DatasetEntity?> GetByNameAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, ct);
    }

    /// <summary>Samples in file order, optionally of one split. <paramref name="limit"/> is clamped to 1..500.</summary>
    public async Task<DatasetSamplePage> GetSamplesAsync(int datasetId, string? split, int offset, int limit, CancellationToken ct = default)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DatasetSamples.AsNoTracking().Where(s => s.DatasetId == datasetId);
        if (split is not null) query = query.Where(s => s.Split == split);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(s => s.Index).Skip(offset).Take(limit).ToListAsync(ct);
        return new DatasetSamplePage(total, items);
    }

    /// <summary>Deletes the dataset and its samples (and its export, when <paramref name="dataRoot"/> is given). False when unknown.</summary>
    public async Task<bool> DeleteAsync(int id, string? dataRoot = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.DatasetSamples.Where(s => s.DatasetId == id).ExecuteDeleteAsync(ct);
        var deleted = await db.Datasets.Where(d => d.Id == id).ExecuteDeleteAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        if (deleted && dataRoot is not null && File.Exists(ExportPath(dataRoot, id))) File.Delete(ExportPath(dataRoot, id));
        return deleted;
    }

    /// <summary>
    /// Writes the dataset to <c>{dataRoot}/datasets/{id}.jsonl</c> (the format <see cref="JsonlDatasetParser"/> reads,
    /// every split spelled out) and returns the full path, or null when the dataset does not exist. Written to a
    /// temporary file first, so a reader never sees half a file.
    /// </summary>
    public async Task<string?> ExportAsync(int id, string dataRoot, CancellationToken ct = default)
    {
        if (await GetAsync(id, ct) is null) return null;
        var path = ExportPath(dataRoot, id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            var rows = db.DatasetSamples.AsNoTracking().Where(s => s.DatasetId == id).OrderBy(s => s.Index).AsAsyncEnumerable();
            await JsonlDatasetWriter.WriteAsync(file, Samples(rows), ct);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>The export path of a dataset, checked to lie inside <paramref name="dataRoot"/>/datasets.</summary>
    public static string ExportPath(string dataRoot, int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id);
        var folder = Path.GetFullPath(Path.Combine(dataRoot, ExportFolder)) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(folder, $"{id}.jsonl"));
        if (!path.StartsWith(folder, StringComparison.Ordinal))
            throw new InvalidOperationException($"Export path '{path}' is outside '{folder}'.");
        return path;
    }

    private static async IAsyncEnumerable<DatasetSample> Samples(IAsyncEnumerable<DatasetSampleEntity> rows)
    {
        await foreach (var row in rows) yield return row.ToSample();
    }

    private async Task<bool> ExistsAsync(string name, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Datasets.AnyAsync(d => d.Name == name, ct);
    }

    private static DatasetLineError[] ValidateNames(string? name, string? sourceFileName) =>
    [
        .. DatasetNames.Validate(name) is { } nameError ? [new DatasetLineError(0, "name", nameError)] : Array.Empty<DatasetLineError>(),
        .. DatasetNames.ValidateFileName(sourceFileName) is { } fileError ? [new DatasetLineError(0, "file", fileError)] : Array.Empty<DatasetLineError>(),
    ];

    private static DatasetImportResult NameTaken(string name) =>
        DatasetImportResult.Refused(new DatasetLineError(0, "name", $"A dataset named '{name}' already exists."));
}
