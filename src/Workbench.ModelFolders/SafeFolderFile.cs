using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.ModelFolders.Tokenizers;

namespace Workbench.ModelFolders;

/// <summary>
/// The one rule for opening a file of a model folder, shared by the web host (registration, launch) and the worker: the
/// path, with every link resolved, must be an existing regular file (a FIFO would block the reader for ever, a device
/// has no end), no larger than a bound, and when roots are given it must lie inside one of them (no symlink escape).
/// Errors name the file by its name only and never quote what it holds.
/// </summary>
public static class SafeFolderFile
{
    /// <summary>config.json and the other small JSON files (generation_config.json, special_tokens_map.json).</summary>
    public const long MaxConfigBytes = 1L << 20;

    /// <summary>tokenizer.json, tokenizer.model, tokenizer_config.json, the shard index: large vocabularies reach tens of MB.</summary>
    public const long MaxTokenizerBytes = 64L << 20;

    /// <summary>
    /// The resolved path of <paramref name="path"/> after checking it (see the class summary). Throws
    /// <see cref="FileNotFoundException"/> when it does not exist, <see cref="InvalidDataException"/> for everything else.
    /// </summary>
    public static string Check(string path, long maxBytes = long.MaxValue, IReadOnlyList<string>? roots = null)
    {
        var name = Path.GetFileName(path);
        var resolved = CanonicalPath.Resolve(path);
        // Before anything is looked up at the target, so an answer says nothing about files outside the roots.
        if (roots is not null && !roots.Any(root => CanonicalPath.IsUnder(resolved, root)))
            throw new InvalidDataException($"{name} links to a file outside the model roots.");
        var status = FileStatus.Of(resolved) ?? throw new FileNotFoundException($"{name} does not exist.", name);
        if (status.Kind != FileStatus.RegularFile) throw new InvalidDataException($"{name} is a {status.Kind}, not a regular file.");
        if (status.Size > maxBytes) throw new InvalidDataException($"{name} is {status.Size:N0} bytes; at most {maxBytes:N0} are read.");
        return resolved;
    }

    /// <summary>Opens a checked file for reading (no size bound: weights are large and read by offset).</summary>
    public static FileStream OpenRead(string path) => File.OpenRead(Check(path));

    public static byte[] ReadAllBytes(string path, long maxBytes) => File.ReadAllBytes(Check(path, maxBytes));

    public static string ReadAllText(string path, long maxBytes) => File.ReadAllText(Check(path, maxBytes), Encoding.UTF8);

    /// <summary>Parses a checked JSON file. A syntax error says only which file is not valid JSON, never the text around it.</summary>
    public static JsonNode? ReadJson(string path, long maxBytes)
    {
        var text = ReadAllText(path, maxBytes);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not valid JSON.");
        }
    }

    /// <summary>
    /// Checks, against <paramref name="roots"/>, every file of <paramref name="directory"/> a reader may open: config.json,
    /// the weights (<c>*.safetensors</c> and the shard index) and the tokenizer files. Files that are absent are skipped.
    /// </summary>
    public static void CheckFolder(string directory, IReadOnlyList<string> roots)
    {
        IEnumerable<string> names =
        [
            HuggingFaceConfig.FileName, SafeTensors.SafeTensorsFolder.IndexFileName, .. HuggingFaceTokenizer.FileNames,
            .. Directory.EnumerateFiles(directory, "*.safetensors").Select(Path.GetFileName).OfType<string>(),
        ];
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) Check(path, long.MaxValue, roots);
        }
    }
}
