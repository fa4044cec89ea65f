using Workbench.Experiments.Artifacts;

namespace Workbench.RunProtocol.Launch;

/// <summary>
/// One input of a worker that shares no disk with the host, as content-addressed files: a folder's files by their relative
/// names (a Hugging Face model, a step-N checkpoint), or a file with the files that go beside it. <paramref name="Entry"/> is
/// the file the input stands for inside that folder (<c>model.safetensors</c>, <c>data.jsonl</c>); null = the folder itself.
/// </summary>
public sealed record ArtifactInput(IReadOnlyList<ArtifactReference> Files, string? Entry = null)
{
    /// <summary>Bytes the worker fetches for it when its cache holds none of them.</summary>
    public long Size => Files.Sum(f => f.Size);
}
