using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;

namespace Workbench.Storage;

/// <summary>
/// Folds a batch of points into the runs' metric summaries (last value by step, min, max, count) in the caller's
/// transaction, so a summary never disagrees with the points already written.
/// </summary>
internal static class MetricSummaryUpdate
{
    // Both providers evaluate every SET expression against the old row, so the order of the assignments does not matter.
    // Quoted names, as the migrations create them (PostgreSQL folds unquoted ones to lower case); SQLite's two-argument
    // MIN/MAX are PostgreSQL's LEAST/GREATEST.
    private const string UpsertTemplate = """
        INSERT INTO "MetricSummaries" ("RunId", "Name", "LastStep", "LastValue", "MinValue", "MaxValue", "Count")
        VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6})
        ON CONFLICT ("RunId", "Name") DO UPDATE SET
            "LastValue" = CASE WHEN excluded."LastStep" >= "MetricSummaries"."LastStep" THEN excluded."LastValue" ELSE "MetricSummaries"."LastValue" END,
            "LastStep" = GREATEST("MetricSummaries"."LastStep", excluded."LastStep"),
            "MinValue" = LEAST("MetricSummaries"."MinValue", excluded."MinValue"),
            "MaxValue" = GREATEST("MetricSummaries"."MaxValue", excluded."MaxValue"),
            "Count" = "MetricSummaries"."Count" + excluded."Count"
        """;

    private static readonly string s_postgreSqlUpsert = UpsertTemplate;
    private static readonly string s_sqliteUpsert = UpsertTemplate.Replace("GREATEST(", "MAX(").Replace("LEAST(", "MIN(");

    public static async Task ApplyAsync(WorkbenchDbContext db, int runId, IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        foreach (var series in points.GroupBy(p => p.Name))
        {
            var last = series.First();
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            long count = 0;
            foreach (var point in series)
            {
                if (point.Step >= last.Step) last = point;
                if (double.IsFinite(point.Value)) { min = Math.Min(min, point.Value); max = Math.Max(max, point.Value); }
                count++;
            }
            if (count > 0 && double.IsInfinity(min)) min = max = last.Value;
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? s_postgreSqlUpsert : s_sqliteUpsert, [runId, series.Key, last.Step, last.Value, min, max, count], ct);
        }
    }
}
