using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// AdamW's per-parameter state as one safetensors file: "{i}.exp_avg" and "{i}.exp_avg_sq" (m and v of Loshchilov &amp;
/// Hutter 2019), and the bias-correction step count of parameter i in the metadata ("{i}.step"). Parameters are numbered in
/// the optimizer's own order, so the optimizer that loads must be built the same way as the one that saved.
/// </summary>
public static class AdamWState
{
    public static void Save(AdamW optimizer, string path)
    {
        var states = States(optimizer);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["count"] = states.Count.ToString(CultureInfo.InvariantCulture) };
        for (var i = 0; i < states.Count; i++)
        {
            tensors[$"{i}.exp_avg"] = states[i].exp_avg;
            tensors[$"{i}.exp_avg_sq"] = states[i].exp_avg_sq;
            metadata[$"{i}.step"] = states[i].step.ToString(CultureInfo.InvariantCulture);
        }
        SafeTensorsWriter.Write(path, tensors, metadata);
    }

    public static void Load(AdamW optimizer, string path)
    {
        var states = States(optimizer);
        var metadata = SafeTensorsHeader.ReadMetadata(path);
        if (!metadata.TryGetValue("count", out var count) || int.Parse(count, CultureInfo.InvariantCulture) != states.Count)
            throw new InvalidDataException($"'{path}' holds the state of {count ?? "?"} parameters; this optimizer has {states.Count}.");
        using var file = SafeTensorsReader.Read(path);
        using var _ = no_grad();
        for (var i = 0; i < states.Count; i++)
        {
            states[i].exp_avg.copy_(file.Tensors[$"{i}.exp_avg"]);
            states[i].exp_avg_sq.copy_(file.Tensors[$"{i}.exp_avg_sq"]);
            states[i].step = long.Parse(metadata[$"{i}.step"], CultureInfo.InvariantCulture);
        }
    }

    private static List<AdamW.State> States(AdamW optimizer) => [.. optimizer.state_dict().State.Cast<AdamW.State>()];
}
