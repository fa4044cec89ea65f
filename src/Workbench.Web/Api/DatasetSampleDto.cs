using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.Api;

/// <summary>One stored sample; <see cref="ConfounderSpans"/> are [start, end) UTF-16 offsets into the prompt, as in the file.</summary>
public sealed record DatasetSampleDto(int Index, string Split, string Prompt, string Completion, string? Answer, IReadOnlyList<int[]>? ConfounderSpans)
{
    public static DatasetSampleDto From(DatasetSampleEntity row) => new(
        row.Index, row.Split, row.Prompt, row.Completion, row.Answer,
        DatasetSampleMapping.ParseSpans(row.ConfounderSpansJson)?.Select(s => new[] { s.Start, s.End }).ToList());
}

/// <summary>A page of samples: <see cref="Total"/> counts every sample the split filter matches.</summary>
public sealed record DatasetSamplesPageDto(int Total, int Offset, int Limit, IReadOnlyList<DatasetSampleDto> Items);
