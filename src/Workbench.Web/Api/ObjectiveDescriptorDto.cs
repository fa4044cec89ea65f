using Workbench.Experiments;

namespace Workbench.Web.Api;

/// <summary>An objective kind as <c>GET /api/objectives</c> lists it: what a config's term may say and what it means.</summary>
public sealed record ObjectiveDescriptorDto(
    string Name, string DisplayName, string Source, bool NeedsTeacher, string Reads, bool UsesTemperature, bool WorksAcrossTokenizers,
    string? DefaultLayerMap, IReadOnlyList<ObjectiveParameterDto> Parameters)
{
    /// <summary>What the kind computes from a teacher-logit store; null = it needs the live teacher (or none).</summary>
    public string? FromStore { get; init; }

    public static ObjectiveDescriptorDto From(ObjectiveDescriptor d) => new(
        d.Name, d.DisplayName, d.Source, d.NeedsTeacher, d.Reads switch
        {
            ObjectiveInput.Features => "features",
            ObjectiveInput.AlignedLogits => "aligned_logits",
            _ => "logits",
        },
        d.UsesTemperature, d.WorksAcrossTokenizers, d.DefaultLayerMap, [.. d.Parameters.Select(ObjectiveParameterDto.From)]) { FromStore = d.FromStore };
}
