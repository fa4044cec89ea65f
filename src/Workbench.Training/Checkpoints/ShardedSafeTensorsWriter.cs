using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Writes a state dict the way Hugging Face's <c>save_pretrained</c> does: one <c>model.safetensors</c> when it fits
/// in a shard, otherwise <c>model-00001-of-0000N.safetensors</c> files of at most a given size plus
/// <c>model.safetensors.index.json</c> ({"metadata": {"total_size", "total_parameters"}, "weight_map": {name: file}}).
/// </summary>
public static class ShardedSafeTensorsWriter
{
    public const string SingleFileName = SafeTensorsFolder.SingleFileName;
    public const string IndexFileName = SafeTensorsFolder.IndexFileName;

    /// <summary>transformers' historical default <c>max_shard_size</c>, 5 GB.</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes <paramref name="tensors"/> into <paramref name="directory"/>, filling shards in the dictionary's order
    /// (a state dict's registration order) and starting a new one when the next tensor would pass
    /// <paramref name="maxShardBytes"/>; a tensor larger than that gets a shard of its own. Returns the file names written.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyDictionary<string, Tensor> tensors, long maxShardBytes = DefaultMaxShardBytes,
                                              ScalarType dtype = ScalarType.Float32, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxShardBytes, 1);
        var shards = new List<List<string>> { new() };
        long shardBytes = 0, totalBytes = 0, totalParameters = 0;
        foreach (var (name, t) in tensors)
        {
            var bytes = SafeTensorsWriter.StoredBytes(t, dtype);
            if (shards[^1].Count > 0 && shardBytes + bytes > maxShardBytes)
            {
                shards.Add([]);
                shardBytes = 0;
            }
            shards[^1].Add(name);
            shardBytes += bytes;
            totalBytes += bytes;
            totalParameters += t.numel();
        }

        Directory.CreateDirectory(directory);
        if (shards.Count == 1)
        {
            SafeTensorsWriter.Write(Path.Combine(directory, SingleFileName), tensors, metadata, dtype);
            return [SingleFileName];
        }

        var files = new List<string>(shards.Count);
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < shards.Count; i++)
        {
            var file = string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors");
            SafeTensorsWriter.Write(Path.Combine(directory, file), shards[i].ToDictionary(n => n, n => tensors[n], StringComparer.Ordinal), metadata, dtype);
            foreach (var name in shards[i]) weightMap[name] = file;
            files.Add(file);
        }
        var index = new JsonObject
        {
            ["metadata"] = new JsonObject { ["total_parameters"] = totalParameters, ["total_size"] = totalBytes },
            ["weight_map"] = new JsonObject(weightMap.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        };
        File.WriteAllText(Path.Combine(directory, IndexFileName), index.ToJsonString(s_indented) + "\n");
        files.Add(IndexFileName);
        return files;
    }
}
