using System.Collections.Concurrent;
using Workbench.Experiments.Artifacts;

namespace Workbench.Web.Artifacts;

/// <summary>
/// Which files each run's worker may download: the host grants a launch's inputs (teacher, student, datasets, resume
/// state) by content hash, and revokes them all with the worker's token. A hash granted to one run is not served to another.
/// </summary>
public sealed class RunArtifactGrants(ArtifactHasher hasher)
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, string>> _grants = new();

    /// <summary>Lets <paramref name="runId"/>'s worker fetch <paramref name="path"/>; returns its reference for the launch document.</summary>
    public async Task<ArtifactReference> GrantFileAsync(int runId, string path, string? name = null, CancellationToken ct = default)
    {
        var full = Path.GetFullPath(path);
        var sha = await hasher.HashAsync(full, ct);
        _grants.GetOrAdd(runId, _ => new())[sha] = full;
        return new ArtifactReference(sha, new FileInfo(full).Length, name ?? Path.GetFileName(full), WorkerArtifactRoutes.Artifact(runId, sha));
    }

    /// <summary>Every regular file of a folder (a Hugging Face model, a resumable step-N checkpoint), named by its relative path.</summary>
    public async Task<IReadOnlyList<ArtifactReference>> GrantFolderAsync(int runId, string folder, CancellationToken ct = default)
    {
        var root = Path.GetFullPath(folder);
        var references = new List<ArtifactReference>();
        foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
            references.Add(await GrantFileAsync(runId, file, Path.GetRelativePath(root, file).Replace('\\', '/'), ct));
        return references;
    }

    /// <summary>The file behind <paramref name="sha256"/> when it was granted to <paramref name="runId"/>.</summary>
    public string? Find(int runId, string sha256) =>
        _grants.TryGetValue(runId, out var files) && files.TryGetValue(sha256, out var path) ? path : null;

    public void Revoke(int runId) => _grants.TryRemove(runId, out _);
}
