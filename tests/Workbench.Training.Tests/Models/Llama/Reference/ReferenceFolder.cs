using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Workbench.Training.Tests.Models.Llama.Reference;

/// <summary>
/// A Hugging Face model folder read without the project's loader: config.json as a JSON tree and model.safetensors
/// parsed by hand (an 8-byte little-endian header length, the JSON header, then the raw F32 tensors), so the reference
/// forward shares no code with what it checks.
/// </summary>
public sealed class ReferenceFolder
{
    private readonly Dictionary<string, (long[] Shape, double[] Values)> _tensors = new(StringComparer.Ordinal);

    public ReferenceFolder(string folder)
    {
        Config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        var bytes = File.ReadAllBytes(Path.Combine(folder, "model.safetensors"));
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength))!.AsObject();
        var dataStart = 8 + headerLength;
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            if (node!["dtype"]!.GetValue<string>() != "F32") throw new NotSupportedException($"The reference reads F32 only ({name}).");
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(o => o!.GetValue<int>()).ToArray();
            var values = new double[(offsets[1] - offsets[0]) / 4];
            for (var i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + offsets[0] + 4 * i, 4));
            _tensors[name] = (shape, values);
        }
    }

    public JsonObject Config { get; }

    public bool Has(string name) => _tensors.ContainsKey(name);

    /// <summary>A 1-D tensor (norm weight, bias).</summary>
    public double[] Vector(string name) => _tensors[name].Values;

    /// <summary>A 2-D tensor (out, in) as rows.</summary>
    public double[][] Matrix(string name)
    {
        var (shape, values) = _tensors[name];
        return [.. Enumerable.Range(0, (int)shape[0]).Select(r => values.AsSpan(r * (int)shape[1], (int)shape[1]).ToArray())];
    }

    public int Int(string key) => Config[key]!.GetValue<int>();

    public double? Double(string key) => Config[key] is JsonValue v ? v.GetValue<double>() : null;

    public bool Bool(string key, bool fallback) => Config[key] is JsonValue v ? v.GetValue<bool>() : fallback;
}
