using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>Between <see cref="DatasetSample"/> and its row; spans are stored as "[[start,end],...]".</summary>
public static class DatasetSampleMapping
{
    public static DatasetSample ToSample(this DatasetSampleEntity row)
    {
        if (!DatasetSplitNames.IsValid(row.Split)) throw new InvalidDataException($"'{row.Split}' is not a split name.");
        return new DatasetSample(row.Prompt, row.Completion, row.Answer, ParseSpans(row.ConfounderSpansJson), row.Split);
    }

    public static string? SpansToJson(IReadOnlyList<CharSpan>? spans)
    {
        if (spans is null) return null;
        var json = new StringBuilder("[");
        foreach (var span in spans)
            json.Append(json.Length > 1 ? "," : "").Append(CultureInfo.InvariantCulture, $"[{span.Start},{span.End}]");
        return json.Append(']').ToString();
    }

    public static IReadOnlyList<CharSpan>? ParseSpans(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(pair => new CharSpan(pair[0].GetInt32(), pair[1].GetInt32()))];
    }
}
