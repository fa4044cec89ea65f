using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Workbench.Experiments.Datasets;

namespace Workbench.Storage;

/// <summary>
/// Writes samples as rows inside the caller's transaction with one prepared INSERT reused for every row: EF change
/// tracking for 100k rows costs seconds and memory for nothing here.
/// </summary>
internal static class DatasetSampleInserter
{
    /// <summary>Inserts <paramref name="samples"/> at indices <paramref name="firstIndex"/>, <paramref name="firstIndex"/> + 1, ...</summary>
    public static async Task InsertAsync(WorkbenchDbContext db, IDbContextTransaction transaction, int datasetId, int firstIndex,
        IReadOnlyList<DatasetSample> samples, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction.GetDbTransaction();
        insert.CommandText = """
            INSERT INTO "DatasetSamples" ("DatasetId", "Index", "Split", "Prompt", "Completion", "Answer", "ConfounderSpansJson")
            VALUES (@datasetId, @index, @split, @prompt, @completion, @answer, @spans)
            """;
        // Typed up front: PostgreSQL prepares the statement before any value is set.
        var parameters = new[]
        {
            ("@datasetId", DbType.Int32), ("@index", DbType.Int32), ("@split", DbType.String), ("@prompt", DbType.String),
            ("@completion", DbType.String), ("@answer", DbType.String), ("@spans", DbType.String),
        }.Select(n =>
        {
            var p = insert.CreateParameter();
            (p.ParameterName, p.DbType) = n;
            insert.Parameters.Add(p);
            return p;
        }).ToArray();
        await insert.PrepareAsync(ct);
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            parameters[0].Value = datasetId;
            parameters[1].Value = firstIndex + i;
            parameters[2].Value = sample.Split;
            parameters[3].Value = sample.Prompt;
            parameters[4].Value = sample.Completion;
            parameters[5].Value = (object?)sample.Answer ?? DBNull.Value;
            parameters[6].Value = (object?)DatasetSampleMapping.SpansToJson(sample.ConfounderSpans) ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
