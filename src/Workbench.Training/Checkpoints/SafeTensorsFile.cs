using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>The tensors (on the CPU, in their stored dtype) and metadata of a safetensors file. Disposing frees the tensors.</summary>
public sealed class SafeTensorsFile(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata) : IDisposable
{
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
