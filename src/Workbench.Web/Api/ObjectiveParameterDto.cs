using Workbench.Experiments;

namespace Workbench.Web.Api;

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
