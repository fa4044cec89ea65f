using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>
/// Imported datasets: import (all samples in one transaction, or nothing), list, page through samples, delete,
/// and export to the JSONL file a worker reads.
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
            TrainCount = samples.Count(s => s.Split == DatasetSplit.Train),
            EvalCount = samples.Count(s => s.Split == DatasetSplit.Eval),
            TestCount = samples.Count(s => s.Split == DatasetSplit.Test),
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
        await InsertSamplesAsync(db, transaction, dataset.Id, samples, ct);
        await transaction.CommitAsync(ct);
        return new DatasetImportResult(dataset, [], 0);
    }

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
    public async Task<DatasetSamplePage> GetSamplesAsync(int datasetId, DatasetSplit? split, int offset, int limit, CancellationToken ct = default)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 500);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DatasetSamples.AsNoTracking().Where(s => s.DatasetId == datasetId);
        if (split is { } only)
        {
            var name = DatasetSplitter.Name(only);
            query = query.Where(s => s.Split == name);
        }
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

    // One prepared INSERT reused for every row inside the caller's transaction: EF change tracking for 100k rows
    // costs seconds and memory for nothing here.
    private static async Task InsertSamplesAsync(WorkbenchDbContext db, IDbContextTransaction transaction, int datasetId,
        IReadOnlyList<DatasetSample> samples, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction.GetDbTransaction();
        insert.CommandText = """
            INSERT INTO "DatasetSamples" ("DatasetId", "Index", "Split", "Prompt", "Completion", "Answer", "ConfounderSpansJson")
            VALUES ($datasetId, $index, $split, $prompt, $completion, $answer, $spans)
            """;
        var parameters = new[] { "$datasetId", "$index", "$split", "$prompt", "$completion", "$answer", "$spans" }.Select(n =>
        {
            var p = insert.CreateParameter();
            p.ParameterName = n;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync(ct);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            parameters[0].Value = datasetId;
            parameters[1].Value = i;
            parameters[2].Value = DatasetSplitter.Name(sample.Split);
            parameters[3].Value = sample.Prompt;
            parameters[4].Value = sample.Completion;
            parameters[5].Value = (object?)sample.Answer ?? DBNull.Value;
            parameters[6].Value = (object?)DatasetSampleMapping.SpansToJson(sample.ConfounderSpans) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
