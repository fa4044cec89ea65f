using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Reads the weights of a Hugging Face model folder into TorchSharp tensors; which files hold them, and their headers, is
/// <see cref="SafeTensorsFolder"/>'s (torch-free) business.
/// </summary>
public static class ShardedSafeTensorsReader
{
    /// <summary>Hands every tensor of every weight file to <paramref name="use"/>, one at a time (see <see cref="SafeTensorsReader.ReadEach"/>).</summary>
    public static void ReadEach(string directory, Action<string, Tensor> use)
    {
        foreach (var file in SafeTensorsFolder.WeightFiles(directory)) SafeTensorsReader.ReadEach(file, use);
    }
}
