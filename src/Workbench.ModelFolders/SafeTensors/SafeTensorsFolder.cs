using System.Text.Json.Nodes;

namespace Workbench.ModelFolders.SafeTensors;

/// <summary>
/// Finds the weights of a Hugging Face model folder: the shards listed in <c>model.safetensors.index.json</c> when there is
/// one, else <c>model.safetensors</c>, else the folder's only <c>*.safetensors</c> file; and reads their headers.
/// </summary>
public static class SafeTensorsFolder
{
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";

    /// <summary>Full paths of the weight files, in shard order. Throws <see cref="FileNotFoundException"/> naming what is missing.</summary>
    public static IReadOnlyList<string> WeightFiles(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Model folder '{directory}' does not exist.");
        var index = Path.Combine(directory, IndexFileName);
        if (File.Exists(index))
        {
            var files = ReadWeightMap(index).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(f => Path.Combine(directory, f)).ToList();
            foreach (var file in files)
                if (!File.Exists(file)) throw new FileNotFoundException($"Shard '{Path.GetFileName(file)}' listed in '{index}' is missing.", file);
            return files;
        }
        var single = Path.Combine(directory, SingleFileName);
        if (File.Exists(single)) return [single];
        var candidates = Directory.GetFiles(directory, "*.safetensors");
        if (candidates.Length == 1) return candidates;
        var hint = File.Exists(Path.Combine(directory, "pytorch_model.bin"))
            ? " It has pytorch_model.bin, which is not supported: convert it to safetensors first."
            : candidates.Length > 1 ? $" It has {candidates.Length} .safetensors files but no {IndexFileName}." : "";
        throw new FileNotFoundException($"'{directory}' has no {SingleFileName} or {IndexFileName}.{hint}");
    }

    /// <summary>The header entries of every weight file, without reading tensor data.</summary>
    public static IReadOnlyList<SafeTensorsEntry> ReadEntries(string directory) =>
        [.. WeightFiles(directory).SelectMany(SafeTensorsHeader.ReadEntries)];

    /// <summary>The index's tensor name → shard file map.</summary>
    public static IReadOnlyDictionary<string, string> ReadWeightMap(string indexPath)
    {
        var root = SafeFolderFile.ReadJson(indexPath, SafeFolderFile.MaxTokenizerBytes) as JsonObject;
        if (root?["weight_map"] is not JsonObject map)
            throw new InvalidDataException($"'{indexPath}' has no weight_map.");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            var file = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
            if (string.IsNullOrEmpty(file) || file != Path.GetFileName(file))
                throw new InvalidDataException($"'{indexPath}' maps '{name}' to something that is not a file name in the folder.");
            result[name] = file;
        }
        return result;
    }
}
