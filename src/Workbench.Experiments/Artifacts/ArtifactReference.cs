namespace Workbench.Experiments.Artifacts;

/// <summary>
/// A file a worker needs, named by its content: its SHA-256 (lower-case hex), its size in bytes, and a name for messages
/// and for where it goes in the worker's cache (<c>model.safetensors</c>, <c>tokenizer.json</c>, <c>data.jsonl</c>).
/// The host serves it at <see cref="Url"/> (<see cref="WorkerArtifactRoutes.Artifact"/>, relative to the host's address)
/// to the one run it was granted to.
/// </summary>
public sealed record ArtifactReference(string Sha256, long Size, string Name, string? Url = null)
{
    public static bool IsSha256(string? value) => value is { Length: 64 } && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
