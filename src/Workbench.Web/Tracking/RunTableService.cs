using System.Globalization;
using System.Text;
using Workbench.Storage;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tracking;

/// <summary>Loads the runs table's rows and does what the table offers on them: filter, list keys, export CSV.</summary>
public sealed class RunTableService(RunTrackingStore tracking)
{
    // A run's config never changes after it is created, so each is parsed and flattened once per process.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, IReadOnlyDictionary<string, object?>> _flatConfigs = new();

    public async Task<IReadOnlyList<RunRow>> LoadAsync(bool includeArchived, CancellationToken ct = default) =>
        (await tracking.ListWithSummariesAsync(includeArchived, ct)).Select(ToRow).ToList();

    public async Task<IReadOnlyList<RunRow>> LoadManyAsync(IReadOnlyList<int> ids, CancellationToken ct = default) =>
        (await tracking.GetManyAsync(ids, ct)).Select(ToRow).ToList();

    private RunRow ToRow(Storage.Entities.RunEntity run) =>
        RunRow.From(run, _flatConfigs.GetOrAdd(run.Id, _ => ConfigFlattener.Flatten(run.ConfigJson)));

    public static IReadOnlyList<RunRow> Filter(IReadOnlyList<RunRow> rows, FilterExpression filter) =>
        ReferenceEquals(filter, FilterExpression.All) ? rows : rows.Where(filter.Matches).ToList();

    /// <summary>Every config key any run has, in first-seen order (the column chooser's and group-by's options).</summary>
    public static IReadOnlyList<string> ConfigKeys(IEnumerable<RunRow> rows) =>
        rows.SelectMany(r => r.Config.Keys).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Every summary metric any run has, sorted.</summary>
    public static IReadOnlyList<string> MetricKeys(IEnumerable<RunRow> rows) =>
        rows.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The table as CSV (RFC 4180 quoting): id, name, status, tags, notes, then the given columns.</summary>
    public static string ToCsv(IEnumerable<RunRow> rows, IReadOnlyList<string> columns)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', new[] { "id", "name", "status", "tags", "notes", "archived" }.Concat(columns).Select(Quote)).Append("\r\n");
        foreach (var row in rows)
        {
            IEnumerable<string> cells =
            [
                row.Id.ToString(CultureInfo.InvariantCulture), row.Name, row.Status.ToString().ToLowerInvariant(),
                string.Join(' ', row.Tags), row.Notes ?? "", row.Archived ? "true" : "false",
                .. columns.Select(c => Cell(row.Value(c))),
            ];
            csv.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => ConfigFlattener.Format(value),
    };

    private static string Quote(string cell)
    {
        cell = CsvFormulaGuard.Neutralize(cell);
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
