using System.Text.Json.Nodes;
using TorchSharp;
using Workbench.Training.Data;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Loads and saves Llama-family models (<see cref="LlamaForCausalLM"/>) as Hugging Face model folders: config.json,
/// model.safetensors or shards with model.safetensors.index.json (F32, F16 or BF16; computed in fp32), and the
/// tokenizer files. A saved folder loads back into the same config and bit-identical fp32 weights (with the
/// default Float32 dtype), and is what transformers' <c>from_pretrained</c> reads.
/// </summary>
public static class HuggingFaceCheckpoint
{
    /// <summary>
    /// Builds the model of <paramref name="directory"/> in fp32 on <paramref name="device"/> (CPU when null), in train mode.
    /// Throws <see cref="NotSupportedException"/> naming an unsupported architecture and <see cref="InvalidDataException"/>
    /// naming a missing, unexpected or misshapen tensor.
    /// </summary>
    public static LlamaForCausalLM Load(string directory, Device? device = null)
    {
        var config = HuggingFaceConfig.Read(directory);
        var model = LlamaForCausalLM.CreateForLoading(config);
        try
        {
            var expected = model.state_dict();
            var loaded = new HashSet<string>(StringComparer.Ordinal);
            using (no_grad())
            {
                ShardedSafeTensorsReader.ReadEach(directory, (name, stored) =>
                {
                    if (LlamaWeightCheck.IsIgnored(name, config)) return;
                    if (!expected.TryGetValue(name, out var target))
                        throw new InvalidDataException($"'{directory}' has tensor '{name}', which {config.Architecture} with this config.json does not have.");
                    if (!target.shape.SequenceEqual(stored.shape))
                        throw new InvalidDataException($"Tensor '{name}' in '{directory}' has shape [{string.Join(", ", stored.shape)}]; {config.Architecture} with this config.json expects [{string.Join(", ", target.shape)}].");
                    target.copy_(stored);         // converts F16/BF16 to fp32
                    loaded.Add(name);
                });
            }
            var missing = expected.Keys.Where(k => !loaded.Contains(k)).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"'{directory}' is missing tensor '{missing[0]}'{(missing.Count > 1 ? $" and {missing.Count - 1} more" : "")} required by {config.Architecture}.");
            if (device is not null && device.type != DeviceType.CPU) model.to(device);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="directory"/>: config.json (torch_dtype set to the stored
    /// dtype), the weights (sharded above <see cref="HuggingFaceSaveOptions.MaxShardBytes"/>) and the tokenizer files
    /// of <see cref="HuggingFaceSaveOptions.SourceDirectory"/>. Weight files of an earlier save in the folder are removed.
    /// </summary>
    public static void Save(LlamaForCausalLM model, string directory, HuggingFaceSaveOptions? options = null)
    {
        options ??= new HuggingFaceSaveOptions();
        var config = model.Config with { TorchDType = TorchDTypeName(options.DType) };
        var source = options.SourceDirectory;
        var baseConfig = source is not null && File.Exists(Path.Combine(source, HuggingFaceConfig.FileName))
            ? SafeFolderFile.ReadJson(Path.Combine(source, HuggingFaceConfig.FileName), SafeFolderFile.MaxConfigBytes) as JsonObject
            : null;

        Directory.CreateDirectory(directory);
        var written = ShardedSafeTensorsWriter.Write(directory, model.state_dict(), options.MaxShardBytes, options.DType,
                                                     new Dictionary<string, string> { ["format"] = "pt" });
        foreach (var stale in WeightFileNames(directory).Except(written, StringComparer.Ordinal))
            File.Delete(Path.Combine(directory, stale));
        HuggingFaceConfig.Write(directory, config, baseConfig);

        if (source is null || SameFolder(source, directory)) return;
        foreach (var name in HuggingFaceTokenizer.FileNames)
        {
            var from = Path.Combine(source, name);
            if (File.Exists(from)) File.Copy(from, Path.Combine(directory, name), overwrite: true);
        }
    }

    /// <summary>The transformers name of a stored dtype ("float32", "float16", "bfloat16").</summary>
    public static string TorchDTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        _ => throw new NotSupportedException($"Cannot store weights as {dtype}; only Float32, Float16 and BFloat16 are supported."),
    };

    private static IEnumerable<string> WeightFileNames(string directory) =>
        Directory.GetFiles(directory, "model*.safetensors*").Select(f => Path.GetFileName(f)!)
            .Where(f => f == ShardedSafeTensorsWriter.SingleFileName || f == ShardedSafeTensorsWriter.IndexFileName
                        || (f.StartsWith("model-", StringComparison.Ordinal) && f.Contains("-of-", StringComparison.Ordinal) && f.EndsWith(".safetensors", StringComparison.Ordinal)));

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
