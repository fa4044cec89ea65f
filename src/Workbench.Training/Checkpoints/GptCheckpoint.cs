using System.Globalization;
using System.Text.Json;
using TorchSharp;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Saves and loads a <see cref="Gpt"/> as one safetensors file. Tensor names are the state-dict keys (the
/// module field names: "wte.weight", "h.0.attn.c_attn.weight", ...); the <see cref="GptConfig"/>, tokenizer id
/// and step go into <c>__metadata__</c>, so the file alone rebuilds the model.
/// </summary>
public static class GptCheckpoint
{
    /// <summary>The file name a run gives its final weights.</summary>
    public const string FileName = "model.safetensors";

    public const string ConfigKey = "workbench.gpt_config";
    public const string TokenizerKey = "workbench.tokenizer";
    public const string StepKey = "workbench.step";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the weights of <paramref name="model"/> (as F32) and its description to <paramref name="path"/>.</summary>
    public static void Save(Gpt model, GptConfig config, string path, string tokenizerId = WordTokenizer.ArithmeticId, long? step = null)
    {
        if (model.Config != config) throw new ArgumentException($"The config {config} does not describe the model ({model.Config}).", nameof(config));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [ConfigKey] = JsonSerializer.Serialize(config, s_json),
            [TokenizerKey] = tokenizerId,
        };
        if (step is not null) metadata[StepKey] = step.Value.ToString(CultureInfo.InvariantCulture);
        SafeTensorsWriter.Write(path, model.state_dict(), metadata);
    }

    /// <summary>The architecture, tokenizer and step recorded in <paramref name="path"/>, without reading tensors.</summary>
    public static GptCheckpointInfo ReadInfo(string path)
    {
        var metadata = SafeTensorsHeader.ReadMetadata(path);
        if (!metadata.TryGetValue(ConfigKey, out var configJson))
            throw new InvalidDataException($"'{path}' is not a workbench GPT checkpoint: its metadata has no '{ConfigKey}'.");
        var config = JsonSerializer.Deserialize<GptConfig>(configJson, s_json)
            ?? throw new InvalidDataException($"'{path}' has an empty '{ConfigKey}'.");
        long? step = metadata.TryGetValue(StepKey, out var s) ? long.Parse(s, CultureInfo.InvariantCulture) : null;
        return new GptCheckpointInfo(config, metadata.GetValueOrDefault(TokenizerKey, ""), step);
    }

    /// <summary>Rebuilds the model of <paramref name="path"/> on <paramref name="device"/> (CPU when null), in train mode.</summary>
    public static Gpt Load(string path, Device? device = null)
    {
        var info = ReadInfo(path);
        using var file = SafeTensorsReader.Read(path);
        var model = new Gpt(info.Config);
        try
        {
            var state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, t) in file.Tensors) state[name] = t.to(ScalarType.Float32);
            try
            {
                model.load_state_dict(state, strict: true);
            }
            finally
            {
                foreach (var t in state.Values) t.Dispose();
            }
            if (device is not null && device.type != DeviceType.CPU) model.to(device);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
