using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Queries;

/// <summary>The step range and size of one metric series.</summary>
public readonly record struct SeriesExtent(long FirstStep, long LastStep, long Count);

/// <summary>A downsampled series: the kept points and how many points the range held.</summary>
public sealed record DownsampledSeries(int RunId, string Name, IReadOnlyList<SeriesPoint> Points, long TotalPoints, BucketGrid Grid);

/// <summary>
/// Reads metric series straight from SQLite (no entity materialization): a million points stream through the
/// downsampler in one pass over the covering index (RunId, Name, Step, Value).
/// </summary>
public sealed class MetricSeriesReader(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>First and last step and point count, or null when the run has no such metric.</summary>
    public async Task<SeriesExtent?> ExtentAsync(int runId, string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var command = await CommandAsync(db,
            "SELECT MIN(Step), MAX(Step), COUNT(*) FROM MetricPoints WHERE RunId = $run AND Name = $name", runId, name, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0)) return null;
        return new SeriesExtent(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>
    /// The points of [grid.From, grid.To] reduced to min/max per bucket of <paramref name="grid"/>. Wall times are read
    /// only when <paramref name="withWallTime"/> (they are text in SQLite, and parsing a million costs).
    /// </summary>
    public async Task<DownsampledSeries> ReadAsync(int runId, string name, BucketGrid grid, bool withWallTime, CancellationToken ct = default)
    {
        var sampler = new MinMaxDownsampler(grid);
        await foreach (var point in ReadRangeAsync(runId, name, grid.From, grid.To, withWallTime, ct)) sampler.Add(point);
        return new DownsampledSeries(runId, name, sampler.Finish(), sampler.Count, grid);
    }

    /// <summary>Every point of a series in step order, at full resolution (for export).</summary>
    public IAsyncEnumerable<SeriesPoint> ReadAllAsync(int runId, string name, CancellationToken ct = default) =>
        ReadRangeAsync(runId, name, long.MinValue, long.MaxValue, withWallTime: true, ct);

    private async IAsyncEnumerable<SeriesPoint> ReadRangeAsync(
        int runId, string name, long from, long to, bool withWallTime, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var columns = withWallTime ? "Step, Value, WallTime" : "Step, Value";
        await using var command = await CommandAsync(db,
            $"SELECT {columns} FROM MetricPoints WHERE RunId = $run AND Name = $name AND Step >= $from AND Step <= $to ORDER BY Step, Id",
            runId, name, ct);
        AddParameter(command, "$from", from);
        AddParameter(command, "$to", to);
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
        AddParameter(command, "$run", runId);
        AddParameter(command, "$name", name);
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
