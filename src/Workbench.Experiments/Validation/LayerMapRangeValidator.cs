using System.Globalization;

namespace Workbench.Experiments.Validation;

/// <summary>
/// Explicit layer pairs ("1:2,2:4") must name layers that exist: the student's when it is a fresh shape, and never more
/// than any model here has (<see cref="MaxLayers"/>). The teacher's exact depth is checked when the run starts.
/// </summary>
public static class LayerMapRangeValidator
{
    /// <summary>Deeper than any supported model (fresh GPTs have at most 48 layers; large Llama checkpoints about 128).</summary>
    public const int MaxLayers = 1000;
    public const int MaxLength = 4096;

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Objectives is null) return;
        var studentLayers = config.Student is { Checkpoint: null, Path: null } fresh ? fresh.Layers : (int?)null;
        for (var i = 0; i < config.Objectives.Count; i++)
        {
            if (config.Objectives[i]?.LayerMap is not { } map) continue;
            var field = $"objectives[{i}].layerMap";
            if (map.Length > MaxLength) { errors.Add(new(field, $"Layer map must be at most {MaxLength} characters.")); continue; }
            foreach (var pair in map.Split(','))
            {
                if (pair.Split(':') is not [var s, var t]
                    || !int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var student)
                    || !int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var teacher))
                    continue;   // named maps and malformed pairs: RunConfigValidator's own rule
                if (student > (studentLayers ?? MaxLayers))
                {
                    errors.Add(new(field, $"Student layer {student} does not exist (the student has {studentLayers?.ToString(CultureInfo.InvariantCulture) ?? $"at most {MaxLayers}"} layers)."));
                    break;
                }
                if (teacher > MaxLayers)
                {
                    errors.Add(new(field, $"Teacher layer {teacher} does not exist (no model here has more than {MaxLayers} layers)."));
                    break;
                }
            }
        }
    }
}
