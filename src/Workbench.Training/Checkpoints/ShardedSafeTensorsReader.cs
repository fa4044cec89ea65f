using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Reads the weights of a Hugging Face model folder into TorchSharp tensors; which files hold them, and their headers, is
/// <see cref="SafeTensorsFolder"/>'s (torch-free) business.
/// </summary>
public static class ShardedSafeTensorsReader
{
    /// <summary>Full paths of the weight files, in shard order (see <see cref="SafeTensorsFolder.WeightFiles"/>).</summary>
    public static IReadOnlyList<string> WeightFiles(string directory) => SafeTensorsFolder.WeightFiles(directory);

    /// <summary>The header entries of every weight file, without reading tensor data.</summary>
    public static IReadOnlyList<SafeTensorsEntry> ReadEntries(string directory) => SafeTensorsFolder.ReadEntries(directory);

    /// <summary>Hands every tensor of every weight file to <paramref name="use"/>, one at a time (see <see cref="SafeTensorsReader.ReadEach"/>).</summary>
    public static void ReadEach(string directory, Action<string, Tensor> use)
    {
        foreach (var file in WeightFiles(directory)) SafeTensorsReader.ReadEach(file, use);
    }

    /// <summary>The index's tensor name → shard file map.</summary>
    public static IReadOnlyDictionary<string, string> ReadWeightMap(string indexPath) => SafeTensorsFolder.ReadWeightMap(indexPath);
}
