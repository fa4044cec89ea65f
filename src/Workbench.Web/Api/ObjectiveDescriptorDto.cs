using Workbench.Experiments;

namespace Workbench.Web.Api;

/// <summary>An objective kind as <c>GET /api/objectives</c> lists it: what a config's term may say and what it means.</summary>
public sealed record ObjectiveDescriptorDto(
    string Name, string DisplayName, string Source, bool NeedsTeacher, string Reads, bool UsesTemperature, bool WorksAcrossTokenizers,
    string? DefaultLayerMap, IReadOnlyList<ObjectiveParameterDto> Parameters)
{
    public static ObjectiveDescriptorDto From(ObjectiveDescriptor d) => new(
        d.Name, d.DisplayName, d.Source, d.NeedsTeacher, d.Reads switch
        {
            ObjectiveInput.Features => "features",
            ObjectiveInput.AlignedLogits => "aligned_logits",
            _ => "logits",
        },
        d.UsesTemperature, d.WorksAcrossTokenizers, d.DefaultLayerMap, [.. d.Parameters.Select(ObjectiveParameterDto.From)]);
}

/// <summary>
/// One parameter: its JSON field in the term, type (<c>number</c>, <c>integer</c>, <c>choice</c>), default (null = see
/// <see cref="DefaultText"/>), range (null = unbounded) or choices.
/// </summary>
public sealed record ObjectiveParameterDto(string Field, string Label, string Type, double? Default, string? DefaultText,
                                           double? Min, double? Max, bool MaxExclusive, IReadOnlyList<string> Choices)
{
    public static ObjectiveParameterDto From(ObjectiveParameter p) => new(
        p.Field, p.Label, p.Type.ToString().ToLowerInvariant(), p.Default, p.DefaultText,
        double.IsFinite(p.Min) ? p.Min : null, double.IsFinite(p.Max) ? p.Max : null, p.MaxExclusive, p.Choices);
}
