using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Queries;

/// <summary>The step range and size of one metric series.</summary>
public readonly record struct SeriesExtent(long FirstStep, long LastStep, long Count);

/// <summary>A downsampled series: the kept points and how many points the range held.</summary>
public sealed record DownsampledSeries(int RunId, string Name, IReadOnlyList<SeriesPoint> Points, long TotalPoints, BucketGrid Grid);

/// <summary>
/// Reads metric series straight from the database (no entity materialization). Long series are reduced to min/max per
/// bucket by SQLite or PostgreSQL itself, in two grouped scans of the covering index (RunId, Name, Step, Value).
/// </summary>
public sealed class MetricSeriesReader(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    private const int CacheEntries = 256;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int, string, BucketGrid, bool), ((long, long) Version, DownsampledSeries Series)> _cache = new();

    /// <summary>First and last step and point count, or null when the run has no such metric.</summary>
    public async Task<SeriesExtent?> ExtentAsync(int runId, string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Two ORDER BY ... LIMIT 1 seeks on the index: MIN and MAX in one query (or a COUNT) would scan every point.
        var first = await EdgeStepAsync(db, runId, name, "ASC", ct);
        if (first is null) return null;
        var last = (await EdgeStepAsync(db, runId, name, "DESC", ct))!.Value;
        var (count, _) = await VersionAsync(db, runId, name, ct);
        if (count < 0)
        {
            await using var command = await CommandAsync(db, """SELECT COUNT(*) FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name""", runId, name, ct);
            count = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        return new SeriesExtent(first.Value, last, count);
    }

    private static async Task<long?> EdgeStepAsync(WorkbenchDbContext db, int runId, string name, string direction, CancellationToken ct)
    {
        await using var command = await CommandAsync(db,
            $"""SELECT "Step" FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name ORDER BY "Step" {direction} LIMIT 1""", runId, name, ct);
        return await command.ExecuteScalarAsync(ct) is long step ? step : null;
    }

    /// <summary>
    /// The points of [grid.From, grid.To] reduced to min/max per bucket of <paramref name="grid"/> (as
    /// <see cref="MinMaxDownsampler"/> defines it), first and last point kept. Wall times are read only when
    /// <paramref name="withWallTime"/> (they are text in SQLite, and parsing a million costs).
    /// </summary>
    public async Task<DownsampledSeries> ReadAsync(int runId, string name, BucketGrid grid, bool withWallTime, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A result stays valid while the series' point count and last step do (points are append-only).
        var version = await VersionAsync(db, runId, name, ct);
        var key = (runId, name, grid, withWallTime);
        if (_cache.TryGetValue(key, out var cached) && cached.Version == version) return cached.Series;
        var series = await ReduceAsync(db, runId, name, grid, withWallTime, ct);
        if (version.Count < 0) return series;   // no summary, no version: never cached
        if (_cache.Count >= CacheEntries) _cache.Clear();   // crude, but bounded: about 40 KB an entry
        _cache[key] = (version, series);
        return series;
    }

    private async Task<DownsampledSeries> ReduceAsync(WorkbenchDbContext db, int runId, string name, BucketGrid grid, bool withWallTime, CancellationToken ct)
    {
        // Integer steps: a range no wider than the budget cannot hold more points than the budget.
        var total = grid.To - grid.From + 1 <= grid.MaxPoints ? await CountAsync(db, runId, name, grid, ct) : long.MaxValue;
        if (total <= grid.MaxPoints)
        {
            var raw = new List<SeriesPoint>((int)total);
            await foreach (var point in ReadRangeAsync(runId, name, grid.From, grid.To, withWallTime, ct)) raw.Add(point);
            return new DownsampledSeries(runId, name, raw, total, grid);
        }
        // The reduction runs inside the database over the covering index: a million rows never cross into .NET.
        var kept = new SortedDictionary<long, double>();
        total = 0;
        foreach (var aggregate in new[] { "MIN", "MAX" })
        {
            // The point count rides along with the first scan instead of costing a third one.
            await using var command = await CommandAsync(db, db.Database.IsNpgsql() ? PostgreSqlReduction(aggregate) : SqliteReduction(aggregate), runId, name, ct);
            AddGridParameters(command, grid);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                kept[reader.GetInt64(2)] = reader.GetDouble(1);
                if (aggregate == "MIN") total += reader.GetInt64(3);
            }
        }
        if (total <= grid.MaxPoints)
        {
            var raw = new List<SeriesPoint>((int)total);
            await foreach (var point in ReadRangeAsync(runId, name, grid.From, grid.To, withWallTime, ct)) raw.Add(point);
            return new DownsampledSeries(runId, name, raw, total, grid);
        }
        foreach (var edge in new[] { "ASC", "DESC" })
        {
            await using var command = await CommandAsync(db,
                $"""SELECT "Step", "Value" FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" >= @from AND "Step" <= @to ORDER BY "Step" {edge}, "Id" {edge} LIMIT 1""",
                runId, name, ct);
            AddGridParameters(command, grid);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) kept[reader.GetInt64(0)] = reader.GetDouble(1);
        }
        var wallTimes = withWallTime ? await WallTimesAsync(db, runId, name, kept.Keys, ct) : null;
        var points = kept.Select(kv => new SeriesPoint(kv.Key, kv.Value, wallTimes?.GetValueOrDefault(kv.Key) ?? default)).ToList();
        return new DownsampledSeries(runId, name, points, total, grid);
    }

    private static async Task<(long Count, long LastStep)> VersionAsync(WorkbenchDbContext db, int runId, string name, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, """SELECT "Count", "LastStep" FROM "MetricSummaries" WHERE "RunId" = @run AND "Name" = @name""", runId, name, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetInt64(1)) : (-1, -1);
    }

    private static async Task<long> CountAsync(WorkbenchDbContext db, int runId, string name, BucketGrid grid, CancellationToken ct)
    {
        await using var command = await CommandAsync(db,
            """SELECT COUNT(*) FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" >= @from AND "Step" <= @to""", runId, name, ct);
        AddGridParameters(command, grid);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Only the kept steps: about 1,500 index lookups instead of a million text timestamps.
    private static async Task<Dictionary<long, DateTime>> WallTimesAsync(
        WorkbenchDbContext db, int runId, string name, IEnumerable<long> steps, CancellationToken ct)
    {
        var wallTimes = new Dictionary<long, DateTime>();
        foreach (var chunk in steps.Chunk(500))
        {
            await using var command = await CommandAsync(db,
                $"""SELECT "Step", "WallTime" FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" IN ({string.Join(',', chunk)})""", runId, name, ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) wallTimes.TryAdd(reader.GetInt64(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
        }
        return wallTimes;
    }

    // SQLite takes a bare column (Step) from the row that holds the MIN (or MAX) of its group; a cast truncates, as BucketGrid does.
    private static string SqliteReduction(string aggregate) => $"""
        SELECT MIN(CAST(("Step" - @from) / @width AS INTEGER), @last) AS "Bucket", {aggregate}("Value"), "Step", COUNT(*)
        FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" >= @from AND "Step" <= @to
        GROUP BY "Bucket"
        """;

    // PostgreSQL has no bare columns: DISTINCT ON keeps each bucket's first row in (value, step) order, the earliest
    // minimum (or maximum); its cast rounds, so the quotient is floored first.
    private static string PostgreSqlReduction(string aggregate) => $"""
        SELECT DISTINCT ON ("Bucket") "Bucket", "Value", "Step", COUNT(*) OVER (PARTITION BY "Bucket")
        FROM (
            SELECT LEAST(CAST(FLOOR(("Step" - @from) / @width) AS bigint), @last) AS "Bucket", "Value", "Step"
            FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" >= @from AND "Step" <= @to
        ) AS points
        ORDER BY "Bucket", "Value" {(aggregate == "MIN" ? "ASC" : "DESC")}, "Step"
        """;

    private static void AddGridParameters(DbCommand command, BucketGrid grid)
    {
        AddParameter(command, "@from", grid.From);
        AddParameter(command, "@to", grid.To);
        // Same arithmetic as BucketGrid.IndexOf: a double width, truncated quotient (steps >= from, so floor).
        AddParameter(command, "@width", (double)(grid.To - grid.From + 1) / grid.Buckets);
        AddParameter(command, "@last", grid.Buckets - 1);
    }

    /// <summary>Every point of a series in step order, at full resolution (for export).</summary>
    public IAsyncEnumerable<SeriesPoint> ReadAllAsync(int runId, string name, CancellationToken ct = default) =>
        ReadRangeAsync(runId, name, long.MinValue, long.MaxValue, withWallTime: true, ct);

    private async IAsyncEnumerable<SeriesPoint> ReadRangeAsync(
        int runId, string name, long from, long to, bool withWallTime, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var columns = withWallTime ? "\"Step\", \"Value\", \"WallTime\"" : "\"Step\", \"Value\"";
        await using var command = await CommandAsync(db,
            $"""SELECT {columns} FROM "MetricPoints" WHERE "RunId" = @run AND "Name" = @name AND "Step" >= @from AND "Step" <= @to ORDER BY "Step", "Id" """,
            runId, name, ct);
        AddParameter(command, "@from", from);
        AddParameter(command, "@to", to);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var wall = withWallTime ? DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc) : default;
            yield return new SeriesPoint(reader.GetInt64(0), reader.GetDouble(1), wall);
        }
    }

    private static async Task<DbCommand> CommandAsync(WorkbenchDbContext db, string sql, int runId, string name, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@run", runId);
        AddParameter(command, "@name", name);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
